package cn.palmcommunity.petition;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.photo.CleanPhoto;
import cn.palmcommunity.photo.PhotoContent;
import cn.palmcommunity.photo.PhotoStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** A petition's photos: stored (metadata stripped) and linked in the transaction of the change they belong to. */
@ApplicationScoped
public class PetitionPhotos {

    public enum Kind { SUBMISSION, RESULT }

    private final Pool pool;
    private final PhotoStore store;

    public PetitionPhotos(Pool pool, PhotoStore store) {
        this.pool = pool;
        this.store = store;
    }

    public Uni<Void> attach(SqlClient conn, long petitionId, Kind kind, List<CleanPhoto> photos, long uploaderId) {
        if (photos.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.insertAll(conn, photos, uploaderId).onItem().transformToUni(stored -> conn.preparedQuery("""
                        INSERT INTO petition_photo (petition_id, photo_id, kind, position)
                        SELECT $1, photo_id, $2, ord - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS t(photo_id, ord)""")
                .execute(Tuple.of(petitionId, kind.name(), stored.stream().map(s -> s.id()).toArray(UUID[]::new)))
                .replaceWithVoid());
    }

    /** The photo, if it belongs to the petition; the caller has checked who may see the petition. */
    public Uni<PhotoContent> load(long petitionId, UUID photoId) {
        return pool.preparedQuery("SELECT 1 FROM petition_photo WHERE petition_id = $1 AND photo_id = $2")
                .execute(Tuple.of(petitionId, photoId))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("Photo", photoId));
                    }
                    return store.load(photoId);
                });
    }
}
