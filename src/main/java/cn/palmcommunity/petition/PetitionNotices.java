package cn.palmcommunity.petition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Tells the people who follow a petition what happened to it, inside the transaction of the change. */
@ApplicationScoped
public class PetitionNotices {

    public Uni<Void> statusChanged(SqlConnection conn, long petitionId, PetitionStatus status) {
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> nudged(SqlConnection conn, long petitionId, PetitionAction action) {
        return nudgedAll(conn, List.of(petitionId), action);
    }

    public Uni<Void> nudgedAll(SqlConnection conn, List<Long> petitionIds, PetitionAction action) {
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> visitRequested(SqlConnection conn, List<Long> petitionIds) {
        return Uni.createFrom().voidItem();
    }
}
