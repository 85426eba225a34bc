package cn.palmcommunity.petition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Appends to a petition's history, always in the transaction of the change it describes. */
@ApplicationScoped
public class PetitionEvents {

    /** Actor role of events written by scheduled jobs. */
    public static final String SYSTEM = "SYSTEM";

    public Uni<Void> record(SqlClient conn, long petitionId, Long actorId, String actorRole, PetitionAction action,
                            PetitionStatus from, PetitionStatus to, String note, boolean internal) {
        return conn.preparedQuery("""
                        INSERT INTO petition_event (petition_id, actor_id, actor_role, action, from_status, to_status, note, internal)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(new Object[] {petitionId, actorId, actorRole, action.name(),
                    from == null ? null : from.name(), to == null ? null : to.name(), note, internal}))
                .replaceWithVoid();
    }
}
