package cn.palmcommunity.idempotency;

import cn.palmcommunity.batching.StatementBatcher;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    /** Statement grouping: the most requests in one statement, and how many such statements run at once. */
    private static final int MAX_BATCH = 64;
    private static final int MAX_IN_FLIGHT = 2;

    private final Pool pool;
    private final Duration ttl;
    private final Duration inFlightTimeout;
    private final StatementBatcher<Fingerprint, OffsetDateTime> claims;
    private final StatementBatcher<Answer, Boolean> answers;

    public IdempotencyKeys(Pool pool,
                           @ConfigProperty(name = "palm.idempotency.ttl", defaultValue = "PT24H") Duration ttl,
                           @ConfigProperty(name = "palm.idempotency.in-flight-timeout", defaultValue = "PT1M") Duration inFlightTimeout) {
        this.pool = pool;
        this.ttl = ttl;
        this.inFlightTimeout = inFlightTimeout;
        // Claims and answers of concurrent requests share round trips and commits: two statements a
        // request would otherwise cost the database on top of its own work (see StatementBatcher).
        this.claims = new StatementBatcher<>("idempotency claims", this::claimAll, r -> new OwnedKey(r.owner(), r.key()),
                MAX_BATCH, MAX_IN_FLIGHT);
        this.answers = new StatementBatcher<>("idempotency answers", this::completeAll, a -> new OwnedKey(a.claim().owner(), a.claim().key()),
                MAX_BATCH, MAX_IN_FLIGHT);
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

    /** A key as its owner holds it. */
    private record OwnedKey(String owner, String key) {
    }

    /** An answer to keep for a claim. */
    private record Answer(Claim claim, int status, String body, JsonObject headers) {
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
        return claims.submit(request).onItem().transformToUni(claimedAt -> {
            if (claimedAt != null) {
                return Uni.createFrom().item(new Outcome(new Claim(request.owner(), request.key(), claimedAt), null));
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

    /**
     * One statement claiming the keys of many requests; answers each one's claim time, or null where
     * the key is taken. Rows are inserted in key order, so that two such statements cannot deadlock.
     */
    private Uni<List<OffsetDateTime>> claimAll(List<Fingerprint> requests) {
        int n = requests.size();
        String[] owners = new String[n];
        String[] keys = new String[n];
        String[] methods = new String[n];
        String[] paths = new String[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            Fingerprint r = requests.get(i);
            owners[i] = r.owner();
            keys[i] = r.key();
            methods[i] = r.method();
            paths[i] = r.path();
            hashes[i] = Buffer.buffer(r.requestHash());
        }
        return pool.preparedQuery("""
                        INSERT INTO idempotency_key AS k (owner, key, method, path, request_hash, expires_at)
                        SELECT c.owner, c.key, c.method, c.path, c.request_hash, now() + make_interval(secs => $6)
                          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) AS c(owner, key, method, path, request_hash)
                         ORDER BY c.owner, c.key
                        ON CONFLICT (owner, key) DO UPDATE
                           SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
                               status = NULL, response_body = NULL, response_headers = '{}',
                               created_at = now(), expires_at = EXCLUDED.expires_at
                         WHERE k.expires_at <= now()
                            OR (k.status IS NULL AND k.created_at <= now() - make_interval(secs => $7))
                        RETURNING owner, key, created_at""")
                .execute(Tuple.from(new Object[] {owners, keys, methods, paths, hashes, seconds(ttl), seconds(inFlightTimeout)}))
                .map(claimed -> {
                    Map<OwnedKey, OffsetDateTime> at = new HashMap<>();
                    for (Row row : claimed) {
                        at.put(new OwnedKey(row.getString(0), row.getString(1)), row.getOffsetDateTime(2));
                    }
                    List<OffsetDateTime> answers = new ArrayList<>(n);
                    for (Fingerprint r : requests) {
                        answers.add(at.get(new OwnedKey(r.owner(), r.key())));
                    }
                    return answers;
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
        return answers.submit(new Answer(claim, status, body, new JsonObject(Map.copyOf(headers))));
    }

    /**
     * The answers of many requests in one round trip and one transaction: the single-row update, executed
     * once per answer (a pipelined batch). Not one update joined to {@code unnest}: when the table's
     * statistics lag behind its growth the planner walks the whole key index for such a join (7 ms a
     * statement instead of 0.3 in the petitions benchmark); the single-row update always looks up its key.
     * Answers, for each, whether its claim was still ours.
     */
    private Uni<List<Boolean>> completeAll(List<Answer> kept) {
        List<Tuple> rows = new ArrayList<>(kept.size());
        for (Answer a : kept) {
            rows.add(Tuple.from(new Object[] {a.claim().owner(), a.claim().key(), a.claim().claimedAt(), a.status(), a.body(), a.headers()}));
        }
        return pool.preparedQuery(KEEP_ANSWER).executeBatch(rows)
                .map(first -> {
                    List<Boolean> answers = new ArrayList<>(kept.size());
                    for (RowSet<Row> each = first; each != null; each = each.next()) {
                        answers.add(each.rowCount() == 1);
                    }
                    return answers;
                });
    }

    /** Keeps one answer, found by its key through the primary key whatever the statistics say. */
    static final String KEEP_ANSWER = """
            UPDATE idempotency_key SET status = $4, response_body = $5, response_headers = $6
             WHERE owner = $1 AND key = $2 AND created_at = $3 AND status IS NULL""";

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
