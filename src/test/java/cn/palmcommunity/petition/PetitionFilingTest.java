package cn.palmcommunity.petition;

import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.PetitionFixtures.file;
import static cn.palmcommunity.petition.PetitionFixtures.inCommunity;
import static cn.palmcommunity.petition.PetitionFixtures.newPetition;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionFilingTest {

    @Inject
    Fixtures fixtures;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private double[] centreOf(long community) {
        var row = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", community)
                .iterator().next();
        return new double[] {row.getDouble(0), row.getDouble(1)};
    }

    @Test
    void aWeChatPositionIsStoredAsWgs84AndFindsItsCommunity() {
        double[] centre = centreOf(30);
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(new GeoPoint(centre[0] + 0.0002, centre[1] + 0.0002));
        String resident = Fixtures.residentToken();
        Map<String, Object> body = newPetition("NOISE", "楼下烧烤店每晚十二点后仍很吵", gcj.latitude(), gcj.longitude());
        body.put("location", Map.of("latitude", gcj.latitude(), "longitude", gcj.longitude(), "coord", "GCJ02"));
        long id = ((Number) given().auth().oauth2(resident).contentType(ContentType.JSON).body(body).post("/api/petitions")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/petitions/mine/" + given().auth().oauth2(resident)
                        .get("/api/petitions/mine").then().extract().path("items[0].id")))
                .body("status", equalTo("SUBMITTED"))
                .body("reporter", equalTo(true))
                .body("timeline[0].action", equalTo("SUBMIT"))
                .extract().path("id")).longValue();

        var row = fixtures.sql("""
                SELECT community_id, channel, ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lon,
                       extract(epoch FROM accept_due_at - submitted_at) AS accept_seconds
                  FROM petition WHERE id = $1""", id).iterator().next();
        assertEquals(30L, row.getLong("community_id"));
        assertEquals("MINI_PROGRAM", row.getString("channel"));
        assertEquals(centre[0] + 0.0002, row.getDouble("lat"), 1e-6, "stored as WGS-84, not the GCJ-02 that was sent");
        assertEquals(centre[1] + 0.0002, row.getDouble("lon"), 1e-6);
        assertEquals(Duration.ofHours(24).toSeconds(), row.getNumeric("accept_seconds").longValue());
    }

    @Test
    void aSafetyHazardMustBeAcceptedWithinTwoHoursAndRidersFileAsInvestigators() {
        String rider = Fixtures.miniProgramToken("RIDER");
        long id = file(rider, inCommunity("SAFETY_HAZARD", "井盖缺失，电动车容易掉进去", 31));
        var row = fixtures.sql("SELECT channel, extract(epoch FROM accept_due_at - submitted_at) AS s FROM petition WHERE id = $1", id)
                .iterator().next();
        assertEquals("RIDER_INVESTIGATOR", row.getString("channel"));
        assertEquals(7200, row.getNumeric("s").longValue());
    }

    @Test
    void badInputNamesTheFieldAndStoresNothing() {
        String resident = Fixtures.residentToken();
        long before = fixtures.count("SELECT count(*) FROM petition");
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(inCommunity("FIREWORKS", "烟花", 3)).post("/api/petitions").then(), 422, "validation")
                .body("errors[0].field", equalTo("categoryCode"));
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(inCommunity("NOISE", "吵".repeat(2001), 3)).post("/api/petitions").then(), 422, "validation")
                .body("errors[0].field", equalTo("text"));
        Map<String, Object> nowhere = inCommunity("NOISE", "很吵", 3);
        nowhere.remove("communityId");
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON).body(nowhere).post("/api/petitions").then(),
                422, "validation").body("errors[0].field", equalTo("communityId"));
        Map<String, Object> badCoord = newPetition("NOISE", "很吵", 36.08, 120.36);
        badCoord.put("location", Map.of("latitude", 36.08, "longitude", 120.36, "coord", "BD09"));
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON).body(badCoord).post("/api/petitions").then(),
                422, "validation").body("errors[0].field", equalTo("location.coord"));
        Map<String, Object> farAway = newPetition("NOISE", "很吵", 39.9, 116.4);
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON).body(farAway).post("/api/petitions").then(),
                422, "validation").body("errors[0].field", equalTo("communityId"));
        Map<String, Object> badPhone = inCommunity("NOISE", "很吵", 3);
        badPhone.put("contactPhone", "12345");
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON).body(badPhone).post("/api/petitions").then(),
                422, "validation").body("errors[0].field", equalTo("contactPhone"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM petition"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyFilesOnce() {
        String resident = Fixtures.residentToken();
        String key = java.util.UUID.randomUUID().toString();
        Map<String, Object> body = inCommunity("SANITATION", "小区垃圾三天没清运", 42);
        long first = ((Number) given().auth().oauth2(resident).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/petitions").then().statusCode(201).extract().path("id")).longValue();
        given().auth().oauth2(resident).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/petitions").then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo((int) first));
        assertEquals(1, fixtures.count("SELECT count(*) FROM petition WHERE body = '小区垃圾三天没清运' AND community_id = 42"));
        Map<String, Object> other = inCommunity("SANITATION", "另一件事", 42);
        assertProblem(given().auth().oauth2(resident).header("Idempotency-Key", key).contentType(ContentType.JSON).body(other)
                .post("/api/petitions").then(), 422, "idempotency-key-reused");
    }

    @Test
    void staffCannotFileAsResidents() {
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(3))).contentType(ContentType.JSON)
                .body(inCommunity("NOISE", "很吵", 3)).post("/api/petitions").then(), 403, "forbidden");
    }

    @Test
    void nearbyOpenPetitionsCanBeCoSignedInsteadOfFiledAgain() {
        double[] centre = centreOf(40);
        String first = Fixtures.residentToken();
        long id = file(first, newPetition("GREENING", "小区门口的树枝快要断了", centre[0], centre[1]));

        String neighbour = Fixtures.residentToken();
        given().auth().oauth2(neighbour).queryParam("latitude", centre[0] + 0.001).queryParam("longitude", centre[1])
                .queryParam("coord", "wgs84").queryParam("category", "GREENING")
                .get("/api/petitions/nearby").then().statusCode(200)
                .body("id", hasItem((int) id))
                .body("find { it.id == " + id + " }.distanceMetres", org.hamcrest.Matchers.both(
                        org.hamcrest.Matchers.greaterThan(90)).and(org.hamcrest.Matchers.lessThan(130)));
        given().auth().oauth2(neighbour).queryParam("latitude", centre[0]).queryParam("longitude", centre[1])
                .queryParam("coord", "wgs84").queryParam("category", "NOISE")
                .get("/api/petitions/nearby").then().statusCode(200).body("id", not(hasItem((int) id)));

        given().auth().oauth2(neighbour).post("/api/petitions/" + id + "/cosign").then().statusCode(200)
                .body("reporter", equalTo(false)).body("id", equalTo((int) id));
        given().auth().oauth2(neighbour).post("/api/petitions/" + id + "/cosign").then().statusCode(200);
        assertEquals(1, fixtures.count("SELECT count(*) FROM petition_cosigner WHERE petition_id = $1", id));
        given().auth().oauth2(neighbour).get("/api/petitions/mine").then().statusCode(200).body("items.id", hasItem((int) id));
        assertProblem(given().auth().oauth2(first).post("/api/petitions/" + id + "/cosign").then(), 409, "own-petition");
    }

    @Test
    void nobodyElseSeesOrActsOnMyPetition() {
        String owner = Fixtures.residentToken();
        long id = file(owner, inCommunity("SANITATION", "垃圾桶满了没人清", 41));
        String stranger = Fixtures.residentToken();
        assertProblem(given().auth().oauth2(stranger).get("/api/petitions/mine/" + id).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("rating", 1))
                .post("/api/petitions/mine/" + id + "/rating").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/petitions/mine/" + id + "/reopen").then(), 404, "not-found");
        given().auth().oauth2(owner).get("/api/petitions/mine/" + id).then().statusCode(200).body("rating", nullValue());
    }

    @Test
    void theNearbyQueryValidatesItsParameters() {
        String resident = Fixtures.residentToken();
        assertProblem(given().auth().oauth2(resident).queryParam("latitude", "north").queryParam("longitude", 120.3)
                .queryParam("category", "NOISE").get("/api/petitions/nearby").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("latitude"));
        assertProblem(given().auth().oauth2(resident).queryParam("latitude", 36.1).queryParam("longitude", 120.3)
                .queryParam("category", "NOISE").queryParam("radius", 50000).get("/api/petitions/nearby").then(), 422, "validation")
                .body("errors[0].field", equalTo("radius"));
    }

    @Test
    void manyFilingsInOneStatementEachGetTheirOwnPetitionEventAndRefusal() {
        double[] centre = centreOf(30);
        long reporter = fixtures.count("SELECT min(id) FROM account");
        String marker = "一句多单-" + java.util.UUID.randomUUID();
        java.util.function.BiFunction<String, Object[], PetitionService.Filing> filing = (category, where) -> new PetitionService.Filing(
                Channel.MINI_PROGRAM, null, category, marker, reporter, false, null, null, (GeoPoint) where[0], (Long) where[1],
                null, null, null);
        List<PetitionService.Submitted> batch = List.of(
                new PetitionService.Submitted(filing.apply("NOISE", new Object[] {null, 31L}), "RESIDENT"),
                new PetitionService.Submitted(filing.apply("NO_SUCH_CATEGORY", new Object[] {null, 31L}), "RESIDENT"),
                new PetitionService.Submitted(filing.apply("GREENING", new Object[] {new GeoPoint(centre[0] + 0.0001, centre[1]), null}), "RIDER"),
                new PetitionService.Submitted(filing.apply("NOISE", new Object[] {new GeoPoint(1.0, 1.0), null}), "RESIDENT"),
                new PetitionService.Submitted(filing.apply("SAFETY_HAZARD", new Object[] {null, 31L}), "RESIDENT"),
                new PetitionService.Submitted(filing.apply("NOISE", new Object[] {null, 999_999L}), "RESIDENT"));

        List<io.vertx.mutiny.sqlclient.Row> rows = PetitionService.insertAll(pool, batch).await().atMost(Duration.ofSeconds(10));

        assertEquals(6, rows.size(), "one answer per filing");
        List<Long> ids = rows.stream().map(r -> r.getLong("id")).toList();
        assertEquals(java.util.Arrays.asList(true, false, true, false, true, false), ids.stream().map(id -> id != null).toList());
        assertEquals(java.util.Arrays.asList(true, false, true, true, true, true), rows.stream().map(r -> r.getBoolean("category_ok")).toList(),
                "only the unknown category is reported as such");
        assertEquals("噪音扰民", rows.get(0).getString("category_name"));
        assertEquals(List.of("NOISE", "GREENING", "SAFETY_HAZARD"), List.of(rows.get(0).getString("category_code"),
                rows.get(2).getString("category_code"), rows.get(4).getString("category_code")));

        var stored = fixtures.sql("""
                SELECT p.id, p.community_id, p.category_code, extract(epoch FROM p.accept_due_at - p.submitted_at) AS accept_seconds,
                       e.actor_id, e.actor_role, e.action, e.to_status
                  FROM petition p JOIN petition_event e ON e.petition_id = p.id
                 WHERE p.body = $1 ORDER BY p.id""", marker);
        List<String> seen = new ArrayList<>();
        for (var row : stored) {
            seen.add(row.getLong("id") + ":" + row.getLong("community_id") + ":" + row.getString("category_code") + ":"
                    + row.getNumeric("accept_seconds").longValue() + ":" + row.getLong("actor_id") + ":" + row.getString("actor_role")
                    + ":" + row.getString("action") + ":" + row.getString("to_status"));
        }
        assertEquals(List.of(
                ids.get(0) + ":31:NOISE:86400:" + reporter + ":RESIDENT:SUBMIT:SUBMITTED",
                ids.get(2) + ":30:GREENING:86400:" + reporter + ":RIDER:SUBMIT:SUBMITTED",
                ids.get(4) + ":31:SAFETY_HAZARD:7200:" + reporter + ":RESIDENT:SUBMIT:SUBMITTED"), seen,
                "each filed petition has its own community, limit and one SUBMIT event; the refused ones left nothing");
        assertTrue(ids.get(0) < ids.get(2) && ids.get(2) < ids.get(4), "ids follow the filings' order");
    }

    @Test
    void filingsArrivingTogetherAreEachAnsweredWithTheirOwnPetition() {
        int n = 40;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(Fixtures.residentToken());
        }
        String marker = "同时提交-" + java.util.UUID.randomUUID();
        List<java.util.concurrent.CompletableFuture<io.restassured.response.ExtractableResponse<io.restassured.response.Response>>> sent = new ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                Map<String, Object> body = inCommunity(k % 10 == 3 ? "NO_SUCH_CATEGORY" : "NOISE", marker + "-" + k, 31);
                sent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(tokens.get(k))
                        .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                        .contentType(ContentType.JSON).body(body).post("/api/petitions").then().extract(), threads));
            }
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                var answer = sent.get(i).join();
                if (i % 10 == 3) {
                    assertEquals(422, answer.statusCode(), answer.asString());
                    assertEquals("categoryCode", answer.path("errors[0].field"));
                    continue;
                }
                assertEquals(201, answer.statusCode(), answer.asString());
                assertEquals(marker + "-" + i, answer.path("text"), "each filer sees their own petition");
                long id = ((Number) answer.path("id")).longValue();
                assertTrue(ids.add(id), "ids are not shared");
                given().auth().oauth2(tokens.get(i)).get("/api/petitions/mine/" + id).then().statusCode(200)
                        .body("text", equalTo(marker + "-" + i)).body("timeline[0].action", equalTo("SUBMIT"));
            }
            assertEquals(36, ids.size());
            assertEquals(36, fixtures.count("SELECT count(*) FROM petition WHERE body LIKE $1", marker + "-%"));
            assertEquals(36, fixtures.count("""
                    SELECT count(*) FROM petition_event e JOIN petition p ON p.id = e.petition_id
                     WHERE p.body LIKE $1 AND e.action = 'SUBMIT' AND e.actor_id = p.reporter_id""", marker + "-%"));
            assertEquals(36, fixtures.count("SELECT count(*) FROM idempotency_key WHERE path = '/api/petitions' AND status = 201 AND response_body LIKE $1",
                    "%" + marker + "%"), "every answer was kept for replay");
        } finally {
            threads.shutdownNow();
        }
    }
}
