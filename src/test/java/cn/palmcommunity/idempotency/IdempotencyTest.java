package cn.palmcommunity.idempotency;

import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Key against a test-only endpoint that counts how often it really ran. */
@io.quarkus.test.junit.QuarkusTest
class IdempotencyTest {

    private static final String THINGS = "/test/idempotency/things";

    @Inject
    Fixtures fixtures;

    @Inject
    IdempotencyKeys keys;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String body(String name) {
        return "{\"name\":\"" + name + "\"}";
    }

    private static RequestSpecification json(String device) {
        return given().contentType(ContentType.JSON).header("X-Device-Id", device);
    }

    private ExtractableResponse<Response> post(String device, String key, String body) {
        RequestSpecification request = json(device).body(body);
        if (key != null) {
            request.header(IdempotencyKeys.HEADER, key);
        }
        return request.post(THINGS).then().extract();
    }

    @Test
    void theSameKeyTwiceCreatesOnceAndReplaysTheFirstAnswerExactly() {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> first = post(device, key, body(name));
        assertEquals(201, first.statusCode());
        assertNull(first.header(IdempotencyKeys.REPLAYED_HEADER));
        assertEquals(name, first.path("name"));

        ExtractableResponse<Response> second = post(device, key, body(name));
        assertEquals(201, second.statusCode());
        assertEquals("true", second.header(IdempotencyKeys.REPLAYED_HEADER));
        assertEquals(first.asString(), second.asString());
        assertEquals(first.header("Location"), second.header("Location"));
        assertTrue(second.contentType().startsWith("application/json"), second.contentType());
        assertEquals(1, IdempotencyProbeResource.runs(name));

        var row = fixtures.sql("SELECT status, response_body, response_headers->>'Location' AS location FROM idempotency_key WHERE owner = $1 AND key = $2",
                "anon:device:" + device, key).iterator().next();
        assertEquals(201, row.getInteger("status"));
        assertEquals(first.asString(), row.getString("response_body"));
        assertEquals(first.header("Location"), row.getString("location"));
    }

    @Test
    void withoutTheHeaderEveryRequestRuns() {
        String device = unique("dev");
        String name = unique("thing");
        int firstId = post(device, null, body(name)).path("id");
        int secondId = post(device, null, body(name)).path("id");
        assertNotEquals(firstId, secondId);
        assertEquals(2, IdempotencyProbeResource.runs(name));
    }

    @Test
    void aDifferentBodyWithTheSameKeyIs422AndDoesNotRun() {
        String device = unique("dev");
        String name = unique("thing");
        String other = unique("other");
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(device, key, body(name)).statusCode());

        assertProblem(json(device).header(IdempotencyKeys.HEADER, key).body(body(other)).post(THINGS).then(), 422, "idempotency-key-reused")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, IdempotencyProbeResource.runs(other));
        assertEquals(1, IdempotencyProbeResource.runs(name));
    }

    @Test
    void theSameKeyOnAnotherPathIs422() {
        String device = unique("dev");
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(device, key, body(unique("thing"))).statusCode());
        assertProblem(given().header("X-Device-Id", device).header(IdempotencyKeys.HEADER, key).post(THINGS + "/77/touch").then(),
                422, "idempotency-key-reused");
        assertEquals(0, IdempotencyProbeResource.runs("touch-77"));
    }

    @Test
    void keysMustBeOneTo200VisibleAsciiCharacters() {
        String device = unique("dev");
        String name = unique("thing");
        for (String bad : List.of("has space", "x".repeat(201), "caf\u00e9", "")) {
            assertProblem(json(device).header(IdempotencyKeys.HEADER, bad).body(body(name)).post(THINGS).then(), 400, "invalid-idempotency-key")
                    .body("errors[0].field", equalTo("Idempotency-Key"));
        }
        assertEquals(0, IdempotencyProbeResource.runs(name));
        assertEquals(201, post(device, "k".repeat(200), body(name)).statusCode());
        assertEquals(201, post(device, "!~", body(unique("thing"))).statusCode());
    }

    @Test
    void twoRequestsAtOnceNeverCreateTwice() {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();
        String slow = "{\"name\":\"" + name + "\",\"delayMs\":700}";
        CompletableFuture<ExtractableResponse<Response>> a = CompletableFuture.supplyAsync(() -> post(device, key, slow));
        CompletableFuture<ExtractableResponse<Response>> b = CompletableFuture.supplyAsync(() -> post(device, key, slow));
        ExtractableResponse<Response> first = a.join();
        ExtractableResponse<Response> second = b.join();

        assertEquals(1, IdempotencyProbeResource.runs(name));
        List<Integer> statuses = List.of(first.statusCode(), second.statusCode());
        if (statuses.contains(409)) {
            assertTrue(statuses.contains(201), "one of them created: " + statuses);
            ExtractableResponse<Response> conflict = first.statusCode() == 409 ? first : second;
            assertEquals("application/problem+json", conflict.contentType());
            assertTrue(conflict.asString().contains("idempotency-key-in-flight"));
            assertEquals("1", conflict.header("Retry-After"));
        } else {
            assertEquals(List.of(201, 201), statuses);
            assertEquals(first.asString(), second.asString());
        }
    }

    @Test
    void aKeyStillInFlightIs409UntilItsClaimLapses() throws Exception {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();
        String body = body(name);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
        fixtures.sql("""
                INSERT INTO idempotency_key (owner, key, method, path, request_hash, expires_at)
                VALUES ($1, $2, 'POST', $3, $4, now() + interval '1 day')""",
                "anon:device:" + device, key, THINGS, io.vertx.core.buffer.Buffer.buffer(hash));

        assertProblem(json(device).header(IdempotencyKeys.HEADER, key).body(body).post(THINGS).then(), 409, "idempotency-key-in-flight")
                .header("Retry-After", "1");
        assertEquals(0, IdempotencyProbeResource.runs(name));

        // The first request died without an answer a while ago: its claim may be taken over.
        fixtures.sql("UPDATE idempotency_key SET created_at = now() - interval '10 minutes' WHERE owner = $1 AND key = $2", "anon:device:" + device, key);
        assertEquals(201, post(device, key, body).statusCode());
        assertEquals(1, IdempotencyProbeResource.runs(name));
    }

    @Test
    void aServerFailureReleasesTheKeySoARetryRuns() {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();
        assertProblem(json(device).header(IdempotencyKeys.HEADER, key).header("X-Probe-Fail", "true").body(body(name)).post(THINGS).then(),
                500, "internal");
        assertEquals(0, fixtures.count("SELECT count(*) FROM idempotency_key WHERE owner = $1 AND key = $2", "anon:device:" + device, key));

        ExtractableResponse<Response> retry = post(device, key, body(name));
        assertEquals(201, retry.statusCode());
        assertNull(retry.header(IdempotencyKeys.REPLAYED_HEADER));
        assertEquals(2, IdempotencyProbeResource.runs(name));
    }

    @Test
    void aClientErrorIsKeptAndReplayed() {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();
        String rejected = "{\"name\":\"" + name + "\",\"reject\":true}";
        ExtractableResponse<Response> first = assertProblem(json(device).header(IdempotencyKeys.HEADER, key).body(rejected).post(THINGS).then(),
                422, "validation").extract();
        ExtractableResponse<Response> second = assertProblem(json(device).header(IdempotencyKeys.HEADER, key).body(rejected).post(THINGS).then(),
                422, "validation").header(IdempotencyKeys.REPLAYED_HEADER, "true").extract();
        assertEquals(first.asString(), second.asString());
        assertEquals(1, IdempotencyProbeResource.runs(name));
    }

    @Test
    void keysBelongToTheirOwner() {
        String alice = Fixtures.accessToken(fixtures.communityWorker(1));
        String bob = Fixtures.accessToken(fixtures.communityWorker(2));
        String name = unique("thing");
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> forAlice = given().auth().oauth2(alice).contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, key)
                .body(body(name)).post(THINGS).then().statusCode(201).extract();
        ExtractableResponse<Response> forBob = given().auth().oauth2(bob).contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, key)
                .body(body(name)).post(THINGS).then().statusCode(201).header(IdempotencyKeys.REPLAYED_HEADER, nullValue()).extract();
        assertNotEquals((int) forAlice.path("id"), (int) forBob.path("id"));
        assertEquals(2, IdempotencyProbeResource.runs(name));

        // Alice's retry is still hers.
        given().auth().oauth2(alice).contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, key).body(body(name)).post(THINGS)
                .then().statusCode(201).header(IdempotencyKeys.REPLAYED_HEADER, "true").body("id", equalTo(forAlice.path("id")));
        assertEquals(2, fixtures.count("SELECT count(*) FROM idempotency_key WHERE key = $1 AND owner NOT LIKE 'anon:%'", key));
    }

    @Test
    void expiredKeysArePurgedAndAnExpiredKeyIsNewAgain() {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(device, key, body(name)).statusCode());
        fixtures.sql("UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE owner = $1 AND key = $2", "anon:device:" + device, key);

        ExtractableResponse<Response> again = post(device, key, body(name));
        assertEquals(201, again.statusCode());
        assertNull(again.header(IdempotencyKeys.REPLAYED_HEADER));
        assertEquals(2, IdempotencyProbeResource.runs(name));

        String stale = UUID.randomUUID().toString();
        assertEquals(201, post(device, stale, body(unique("thing"))).statusCode());
        fixtures.sql("UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE owner = $1 AND key = $2", "anon:device:" + device, stale);
        int purged = keys.purgeExpired().await().atMost(Duration.ofSeconds(10));
        assertTrue(purged >= 1);
        assertEquals(0, fixtures.count("SELECT count(*) FROM idempotency_key WHERE owner = $1 AND key = $2", "anon:device:" + device, stale));
        assertEquals(1, fixtures.count("SELECT count(*) FROM idempotency_key WHERE owner = $1 AND key = $2", "anon:device:" + device, key));
        assertEquals(0, fixtures.count("SELECT count(*) FROM idempotency_key WHERE expires_at <= now()"));
    }

    @Test
    void claimsAndAnswersSentTogetherAreEachTheirOwn() {
        String owner = unique("owner");
        byte[] hash = {1, 2, 3};
        String done = unique("done");
        IdempotencyKeys.Claim doneClaim = keys.claim(new IdempotencyKeys.Fingerprint(owner, done, "POST", "/p", hash))
                .await().atMost(Duration.ofSeconds(10)).claim();
        assertTrue(keys.complete(doneClaim, 201, "{\"kept\":true}", java.util.Map.of("Location", "/p/0")).await().atMost(Duration.ofSeconds(10)));

        // Twelve claims at once: ten new keys, one key sent twice, and the completed key again.
        List<String> fresh = new java.util.ArrayList<>();
        List<java.util.concurrent.CompletableFuture<IdempotencyKeys.Outcome>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fresh.add(unique("k" + i));
        }
        List<String> asked = new java.util.ArrayList<>(fresh);
        asked.add(fresh.get(4));
        asked.add(done);
        for (String key : asked) {
            sent.add(keys.claim(new IdempotencyKeys.Fingerprint(owner, key, "POST", "/p", hash)).subscribeAsCompletionStage().toCompletableFuture());
        }
        List<IdempotencyKeys.Outcome> outcomes = sent.stream().map(java.util.concurrent.CompletableFuture::join).toList();

        for (int i = 0; i < 10; i++) {
            if (i != 4) {
                assertEquals(fresh.get(i), outcomes.get(i).claim().key(), "a new key is claimed by its own request");
            }
        }
        IdempotencyKeys.Outcome first = outcomes.get(4);
        IdempotencyKeys.Outcome again = outcomes.get(10);
        assertTrue((first.claim() == null) != (again.claim() == null), "of a key sent twice, exactly one claims");
        assertNull((first.claim() == null ? first : again).existing().status(), "the other sees it in flight");
        assertEquals(201, outcomes.get(11).existing().status());
        assertEquals("{\"kept\":true}", outcomes.get(11).existing().body());

        // Their answers at once: each kept on its own row; an answer for a claim not held is not kept.
        List<java.util.concurrent.CompletableFuture<Boolean>> kept = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            IdempotencyKeys.Claim claim = outcomes.get(i).claim();
            if (claim != null) {
                kept.add(keys.complete(claim, 200 + i, "{\"n\":" + i + "}", java.util.Map.of("Location", "/p/" + i))
                        .subscribeAsCompletionStage().toCompletableFuture());
            }
        }
        kept.add(keys.complete(new IdempotencyKeys.Claim(owner, done, doneClaim.claimedAt()), 500, "{}", java.util.Map.of())
                .subscribeAsCompletionStage().toCompletableFuture());
        List<Boolean> results = kept.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertEquals(java.util.Collections.nCopies(10, true), results.subList(0, 10));
        assertEquals(false, results.get(10), "the completed key keeps its first answer");

        var rows = fixtures.sql("SELECT key, status, response_body, response_headers->>'Location' AS location FROM idempotency_key WHERE owner = $1", owner);
        java.util.Map<String, String> stored = new java.util.HashMap<>();
        for (var row : rows) {
            stored.put(row.getString("key"), row.getInteger("status") + " " + row.getString("response_body") + " " + row.getString("location"));
        }
        assertEquals("201 {\"kept\":true} /p/0", stored.get(done));
        for (int i = 0; i < 10; i++) {
            int n = i == 4 && first.claim() == null ? 10 : i;
            assertEquals((200 + n) + " {\"n\":" + n + "} /p/" + n, stored.get(fresh.get(i)), "key " + i);
        }
        assertEquals(11, stored.size());
    }

    @Test
    void keepingAnAnswerLooksUpItsKeyEvenWhenStatisticsSayTheTableIsEmpty() {
        // Statistics taken while the table was empty, then many keys claimed: what a burst after the
        // nightly purge looks like. All of it is rolled back.
        String plan = pool.withTransaction(conn -> conn.query("DELETE FROM idempotency_key").execute()
                        .chain(() -> conn.query("ANALYZE idempotency_key").execute())
                        .chain(() -> conn.query("""
                                INSERT INTO idempotency_key (owner, key, method, path, request_hash, expires_at)
                                SELECT 'planner', 'k-' || i, 'POST', '/p', '\\x00', now() + interval '1 day'
                                  FROM generate_series(1, 20000) i""").execute())
                        .chain(() -> conn.preparedQuery("EXPLAIN " + IdempotencyKeys.KEEP_ANSWER)
                                .execute(io.vertx.mutiny.sqlclient.Tuple.from(new Object[] {"planner", "k-7", java.time.OffsetDateTime.now(), 201, "{}",
                                    new io.vertx.core.json.JsonObject()})))
                        .map(rows -> {
                            StringBuilder text = new StringBuilder();
                            rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                            return text.toString();
                        })
                        .chain(text -> Uni.createFrom().<String>failure(new RolledBack(text))))
                .onFailure(RolledBack.class).recoverWithItem(e -> ((RolledBack) e).plan)
                .await().atMost(Duration.ofSeconds(30));
        assertTrue(plan.contains("Index Cond: ((owner = 'planner'::text) AND (key = 'k-7'::text))"), plan);
    }

    /** Carries a result out of a transaction that must not commit. */
    private static final class RolledBack extends RuntimeException {
        final String plan;

        RolledBack(String plan) {
            super("rolled back on purpose", null, false, false);
            this.plan = plan;
        }
    }

    @Test
    void theTtlIs24HoursByDefault() {
        String device = unique("dev");
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(device, key, body(unique("thing"))).statusCode());
        long seconds = fixtures.count("SELECT extract(epoch FROM expires_at - created_at)::bigint FROM idempotency_key WHERE owner = $1 AND key = $2",
                "anon:device:" + device, key);
        assertEquals(24 * 3600, seconds);
    }

    @Test
    void aLargeJsonBodyReachesTheEndpointAndIsHashedWhole() {
        String device = unique("dev");
        String name = unique("thing");
        String key = UUID.randomUUID().toString();
        String padding = "p".repeat(2 * 1024 * 1024);
        String big = "{\"name\":\"" + name + "\",\"padding\":\"" + padding + "\"}";
        ExtractableResponse<Response> first = post(device, key, big);
        assertEquals(201, first.statusCode());
        assertEquals(padding.length(), (int) first.path("bodyLength"));
        ExtractableResponse<Response> second = post(device, key, big);
        assertEquals("true", second.header(IdempotencyKeys.REPLAYED_HEADER));
        assertEquals(first.asString(), second.asString());

        String changedAtTheEnd = big.substring(0, big.length() - 3) + "q\"}";
        assertProblem(json(device).header(IdempotencyKeys.HEADER, key).body(changedAtTheEnd).post(THINGS).then(), 422, "idempotency-key-reused");
        assertEquals(1, IdempotencyProbeResource.runs(name));
    }

    @Test
    void aMultipartUploadIsReplayedEvenWithANewBoundaryAndAChangedFileIsRefused() throws Exception {
        String device = unique("dev");
        String title = unique("upload");
        String key = UUID.randomUUID().toString();
        byte[] photo = new byte[9 * 1024 * 1024];
        new Random(7).nextBytes(photo);

        ExtractableResponse<Response> first = upload(device, key, title, photo, "boundary-one");
        assertEquals(201, first.statusCode());
        assertEquals(photo.length, (int) first.path("photoBytes"));
        assertEquals(IdempotencyProbeResource.sha256(photo), first.path("photoSha256"));

        ExtractableResponse<Response> retry = upload(device, key, title, photo, "boundary-two");
        assertEquals(201, retry.statusCode());
        assertEquals("true", retry.header(IdempotencyKeys.REPLAYED_HEADER));
        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(1, IdempotencyProbeResource.runs(title));

        byte[] other = photo.clone();
        other[other.length - 1] ^= 1;
        assertProblem(given().header("X-Device-Id", device).header(IdempotencyKeys.HEADER, key)
                .multiPart("title", title).multiPart("photo", "photo.jpg", other, "image/jpeg")
                .post("/test/idempotency/uploads").then(), 422, "idempotency-key-reused");
        assertEquals(1, IdempotencyProbeResource.runs(title));
        byte[] storedHash = fixtures.sql("SELECT request_hash FROM idempotency_key WHERE owner = $1 AND key = $2", "anon:device:" + device, key)
                .iterator().next().getBuffer("request_hash").getBytes();
        assertEquals(32, storedHash.length);
    }

    private static ExtractableResponse<Response> upload(String device, String key, String title, byte[] photo, String boundary) {
        return given().header("X-Device-Id", device).header(IdempotencyKeys.HEADER, key)
                .contentType("multipart/form-data; boundary=" + boundary)
                .multiPart("title", title).multiPart("photo", "photo.jpg", photo, "image/jpeg")
                .post("/test/idempotency/uploads").then().extract();
    }

    @Test
    void aPostWithoutABodyTakesAKeyToo() {
        String device = unique("dev");
        long id = System.nanoTime();
        String key = UUID.randomUUID().toString();
        given().header("X-Device-Id", device).header(IdempotencyKeys.HEADER, key).post(THINGS + "/" + id + "/touch")
                .then().statusCode(200).body("touches", equalTo(1));
        given().header("X-Device-Id", device).header(IdempotencyKeys.HEADER, key).post(THINGS + "/" + id + "/touch")
                .then().statusCode(200).header(IdempotencyKeys.REPLAYED_HEADER, "true").body("touches", equalTo(1));
        assertEquals(1, IdempotencyProbeResource.runs("touch-" + id));
    }
}
