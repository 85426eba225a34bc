package cn.palmcommunity.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code idempotency_key} table: claiming a key, keeping the response it produced, releasing it
 * after a server failure, and purging expired keys. The rules are described on {@link IdempotencyFilters}.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final String HEADER_DESCRIPTION = "A fresh random value (e.g. a UUID) per intended creation, 1-200 visible ASCII characters. "
            + "Retrying with the same key and body replays the first answer (with Idempotent-Replayed: true) instead of creating twice; "
            + "the key is remembered for 24 hours.";

    /** How many times a claim is re-attempted when the row it collided with vanished in between (released or purged). */
    private static final int CLAIM_ATTEMPTS = 3;

    private final Pool pool;
    private final Duration ttl;
    private final Duration inFlightTimeout;

    public IdempotencyKeys(Pool pool,
                           @ConfigProperty(name = "palm.idempotency.ttl", defaultValue = "PT24H") Duration ttl,
                           @ConfigProperty(name = "palm.idempotency.in-flight-timeout", defaultValue = "PT1M") Duration inFlightTimeout) {
        this.pool = pool;
        this.ttl = ttl;
        this.inFlightTimeout = inFlightTimeout;
    }

    /** What identifies one request under a key. */
    record Fingerprint(String owner, String key, String method, String path, byte[] requestHash) {
    }

    /** A claim we hold; {@code claimedAt} tells our claim apart from a later one on the same key. */
    record Claim(String owner, String key, OffsetDateTime claimedAt) {
    }

    /** The row someone else holds (or held) for the key. {@code status == null} means still in flight. */
    record Existing(String method, String path, byte[] requestHash, Integer status, String body, Map<String, Object> headers) {
    }

    /** Either we now hold the key ({@code claim}), or it is taken ({@code existing}). */
    record Outcome(Claim claim, Existing existing) {
    }

    /**
     * Claims the key for this request. An expired row, or an in-flight row older than the in-flight
     * timeout (its request died without an answer), is taken over in the same statement.
     */
    Uni<Outcome> claim(Fingerprint request) {
        return claim(request, CLAIM_ATTEMPTS);
    }

    private Uni<Outcome> claim(Fingerprint request, int attemptsLeft) {
        return pool.preparedQuery("""
                        INSERT INTO idempotency_key AS k (owner, key, method, path, request_hash, expires_at)
                        VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
                        ON CONFLICT (owner, key) DO UPDATE
                           SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
                               status = NULL, response_body = NULL, response_headers = '{}',
                               created_at = now(), expires_at = EXCLUDED.expires_at
                         WHERE k.expires_at <= now()
                            OR (k.status IS NULL AND k.created_at <= now() - make_interval(secs => $7))
                        RETURNING created_at""")
                .execute(Tuple.from(new Object[] {request.owner(), request.key(), request.method(), request.path(),
                    Buffer.buffer(request.requestHash()), seconds(ttl), seconds(inFlightTimeout)}))
                .onItem().transformToUni(claimed -> {
                    if (claimed.size() > 0) {
                        OffsetDateTime at = claimed.iterator().next().getOffsetDateTime("created_at");
                        return Uni.createFrom().item(new Outcome(new Claim(request.owner(), request.key(), at), null));
                    }
                    return existing(request.owner(), request.key()).onItem().transformToUni(existing -> {
                        if (existing != null) {
                            return Uni.createFrom().item(new Outcome(null, existing));
                        }
                        if (attemptsLeft <= 1) {
                            return Uni.createFrom().failure(new IllegalStateException("Idempotency key kept vanishing while being claimed"));
                        }
                        return claim(request, attemptsLeft - 1);
                    });
                });
    }

    private Uni<Existing> existing(String owner, String key) {
        return pool.preparedQuery("""
                        SELECT method, path, request_hash, status, response_body, response_headers
                          FROM idempotency_key WHERE owner = $1 AND key = $2""")
                .execute(Tuple.of(owner, key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    JsonObject headers = row.getJsonObject("response_headers");
                    return new Existing(row.getString("method"), row.getString("path"), row.getBuffer("request_hash").getBytes(),
                            row.getInteger("status"), row.getString("response_body"), headers == null ? Map.of() : headers.getMap());
                });
    }

    /** Keeps the answer, so that retries replay it. Only our own claim is completed. */
    Uni<Boolean> complete(Claim claim, int status, String body, Map<String, String> headers) {
        return pool.preparedQuery("""
                        UPDATE idempotency_key SET status = $4, response_body = $5, response_headers = $6
                         WHERE owner = $1 AND key = $2 AND created_at = $3 AND status IS NULL""")
                .execute(Tuple.from(new Object[] {claim.owner(), claim.key(), claim.claimedAt(), status, body, new JsonObject(Map.copyOf(headers))}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Forgets our claim after a server failure, so that a retry runs the request again. */
    Uni<Void> release(Claim claim) {
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE owner = $1 AND key = $2 AND created_at = $3 AND status IS NULL")
                .execute(Tuple.of(claim.owner(), claim.key(), claim.claimedAt()))
                .replaceWithVoid();
    }

    /** Deletes keys past their expiry (scheduled by whoever owns the jobs); answers how many went. */
    public Uni<Integer> purgeExpired() {
        return pool.query("DELETE FROM idempotency_key WHERE expires_at <= now()").execute().map(RowSet::rowCount);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
