package cn.palmcommunity.photo;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks, cleans and stores photos; loads them back. Owners (petitions, stations, …) keep the
 * reference and decide who may see a photo; this class knows nothing of access.
 *
 * <p>Typical use by an endpoint that receives photos with its own record:
 * <pre>{@code
 * uploads.prepareAll(form.photos, "photos")          // 422 over 9; 413 / 415 / 422 naming photos[i]
 *     .chain(clean -> pool.withTransaction(tx -> insertOwner(tx)
 *         .call(owner -> photos.insertAll(tx, clean, uploaderId) ...)))   // one commit for all
 * }</pre>
 * Nothing is written unless every photo passed, and the owner and its photos commit together.
 */
@ApplicationScoped
public class PhotoStore {

    private final Pool pool;
    private final Vertx vertx;
    private final long maxBytes;

    public PhotoStore(Pool pool, Vertx vertx, @ConfigProperty(name = "palm.photo.max-bytes", defaultValue = "5242880") long maxBytes) {
        this.pool = pool;
        this.vertx = vertx;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Checks size and type, strips metadata and hashes, on a worker thread. {@code field} is the
     * form field the photo came in ({@code photos[2]}); every problem names it.
     */
    public Uni<CleanPhoto> prepare(byte[] original, String field) {
        if (original.length > maxBytes) {
            return Uni.createFrom().failure(PhotoProblems.tooLarge(field, maxBytes));
        }
        PhotoType type = PhotoSniffer.detect(original).orElse(null);
        if (type == null) {
            return Uni.createFrom().failure(PhotoProblems.unsupportedType(field));
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> clean(original, type, field)));
    }

    /** {@link #prepare} for each photo in order; a photo at index i is named {@code field[i]}. */
    public Uni<List<CleanPhoto>> prepareAll(List<byte[]> originals, String field) {
        Uni<List<CleanPhoto>> chain = Uni.createFrom().item(new ArrayList<>(originals.size()));
        for (int i = 0; i < originals.size(); i++) {
            byte[] original = originals.get(i);
            String name = field + "[" + i + "]";
            chain = chain.chain(done -> prepare(original, name).map(photo -> {
                done.add(photo);
                return done;
            }));
        }
        return chain.map(List::copyOf);
    }

    /** Inserts a prepared photo through the caller's connection, so it commits with the owner. */
    public Uni<StoredPhoto> insert(SqlClient connection, CleanPhoto photo, long uploaderId) {
        return connection.preparedQuery("""
                        INSERT INTO photo (sha256, media_type, bytes, size, width, height, uploaded_by)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    io.vertx.core.buffer.Buffer.buffer(photo.sha256()), photo.type().mediaType(),
                    io.vertx.core.buffer.Buffer.buffer(photo.bytes()), photo.bytes().length,
                    photo.width(), photo.height(), uploaderId}))
                .map(rows -> new StoredPhoto(rows.iterator().next().getUUID("id"), photo.type().mediaType(),
                        photo.bytes().length, photo.width(), photo.height(), photo.sha256Hex()));
    }

    /** Inserts in order, one statement after the other on the same connection (a transaction allows no more). */
    public Uni<List<StoredPhoto>> insertAll(SqlClient connection, List<CleanPhoto> photos, long uploaderId) {
        Uni<List<StoredPhoto>> chain = Uni.createFrom().item(new ArrayList<>(photos.size()));
        for (CleanPhoto photo : photos) {
            chain = chain.chain(done -> insert(connection, photo, uploaderId).map(stored -> {
                done.add(stored);
                return done;
            }));
        }
        return chain.map(List::copyOf);
    }

    /** Prepare and insert in one step; prefer {@link #prepareAll} before the transaction for several photos. */
    public Uni<StoredPhoto> store(SqlClient connection, byte[] original, long uploaderId, String field) {
        return prepare(original, field).chain(photo -> insert(connection, photo, uploaderId));
    }

    /** {@link #store(SqlClient, byte[], long, String)} for a single photo sent as form field {@code photo}. */
    public Uni<StoredPhoto> store(SqlClient connection, byte[] original, long uploaderId) {
        return store(connection, original, uploaderId, "photo");
    }

    /** The photo with its bytes; 404 when there is none. The caller has already decided the reader may see it. */
    public Uni<PhotoContent> load(UUID id) {
        return load(pool, id);
    }

    public Uni<PhotoContent> load(SqlClient connection, UUID id) {
        return connection.preparedQuery("SELECT id, sha256, media_type, bytes, width, height FROM photo WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Photo", id);
                    }
                    return content(rows.iterator().next());
                });
    }

    private static PhotoContent content(Row row) {
        return new PhotoContent(row.getUUID("id"), PhotoType.ofMediaType(row.getString("media_type")),
                row.getBuffer("bytes").getBytes(), row.getInteger("width"), row.getInteger("height"),
                HexFormat.of().formatHex(row.getBuffer("sha256").getBytes()));
    }

    private static CleanPhoto clean(byte[] original, PhotoType type, String field) {
        StrippedImage image;
        try {
            image = MetadataStripper.clean(original, type);
        } catch (InvalidPhotoException e) {
            throw PhotoProblems.invalid(field, e);
        }
        return new CleanPhoto(type, image.bytes(), image.width(), image.height(), sha256(image.bytes()));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
