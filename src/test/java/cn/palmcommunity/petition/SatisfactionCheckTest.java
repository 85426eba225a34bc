package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.InsightFixtures.china;
import static cn.palmcommunity.petition.InsightFixtures.petition;
import static cn.palmcommunity.petition.InsightFixtures.resident;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monthly satisfaction self-check, on communities 126, 127, 130 and 131 and ratings given in June 2025 (China time). */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class SatisfactionCheckTest {

    private static final YearMonth JUNE = YearMonth.of(2025, 6);

    @Inject
    Fixtures fixtures;

    @Inject
    SatisfactionChecks checks;

    @Inject
    SatisfactionCheckJob job;

    private SatisfactionChecks.Generated generate() {
        return checks.generate(JUNE).await().atMost(Duration.ofSeconds(30));
    }

    private static JsonPath get(String token, String path, Map<String, ?> params) {
        return given().auth().oauth2(token).queryParams(params).get(path).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void aMonthIsCountedPerCommunityAndItsDissatisfiedRatingsAreCalledBack() {
        long someone = resident(fixtures);
        petition(126, "NOISE").reporter(someone).status("CLOSED").rated(5, "很好", china(2025, 6, 2, 9, 0)).insert(fixtures);
        petition(126, "NOISE").reporter(someone).status("VISITED").rated(4, null, china(2025, 6, 30, 23, 50)).insert(fixtures);
        long three = petition(126, "GREENING").reporter(someone).phone("13812345678").status("VISITED")
                .rated(3, "一般", china(2025, 6, 1, 0, 5)).insert(fixtures);
        long one = petition(126, "SANITATION").phone("13987654321").status("CLOSED").rated(1, "没人管", china(2025, 6, 15, 12, 0))
                .insert(fixtures);
        // Rated just outside June, China time.
        petition(126, "NOISE").reporter(someone).status("CLOSED").rated(1, null, china(2025, 5, 31, 23, 55)).insert(fixtures);
        petition(126, "NOISE").reporter(someone).status("CLOSED").rated(2, null, china(2025, 7, 1, 0, 5)).insert(fixtures);
        long other = petition(127, "NOISE").reporter(someone).status("CLOSED").anonymous().rated(2, "不满意", china(2025, 6, 10, 9, 0))
                .insert(fixtures);

        SatisfactionChecks.Generated first = generate();
        long communities = fixtures.count("SELECT count(*) FROM community");
        assertEquals(communities, first.communities());
        Row c126 = fixtures.sql("SELECT * FROM satisfaction_check WHERE community_id = 126 AND month = DATE '2025-06-01'").iterator().next();
        assertEquals(4, c126.getInteger("rated"));
        assertEquals(2, c126.getInteger("satisfied"));
        assertEquals(2, c126.getInteger("dissatisfied"));
        assertEquals(0.5, c126.getDouble("rate"));
        Row c128 = fixtures.sql("SELECT * FROM satisfaction_check WHERE community_id = 128 AND month = DATE '2025-06-01'").iterator().next();
        assertEquals(0, c128.getInteger("rated"));
        assertNull(c128.getValue("rate"), "nothing rated: no rate");
        List<Long> callbacks = fixtures.sql("SELECT petition_id FROM satisfaction_callback WHERE month = DATE '2025-06-01' ORDER BY petition_id")
                .stream().map(r -> r.getLong(0)).toList();
        assertTrue(callbacks.containsAll(List.of(three, one, other)) && callbacks.size() >= 3, callbacks.toString());

        long checkId = c126.getLong("id");
        generate();
        assertEquals(communities, fixtures.count("SELECT count(*) FROM satisfaction_check WHERE month = DATE '2025-06-01'"), "rerun: no duplicates");
        assertEquals(checkId, fixtures.count("SELECT id FROM satisfaction_check WHERE community_id = 126 AND month = DATE '2025-06-01'"));
        assertEquals(callbacks.size(), fixtures.count("SELECT count(*) FROM satisfaction_callback WHERE month = DATE '2025-06-01'"));

        String worker = PetitionFixtures.workerOf(fixtures, 126);
        JsonPath month = get(worker, "/api/petitions/self-checks", Map.of("month", "2025-06"));
        assertEquals("2025-06", month.getString("month"));
        assertEquals(List.of(126L), month.getList("communities.communityId", Long.class));
        assertEquals(4, month.getInt("communities[0].rated"));
        assertEquals(0.5, month.getDouble("communities[0].rate"));
        assertEquals(2, month.getInt("communities[0].callbacksPending"));
        assertEquals(0, month.getInt("communities[0].callbacksDone"));

        JsonPath page = get(worker, "/api/petitions/self-checks/callbacks", Map.of("month", "2025-06"));
        assertEquals(List.of(three, one), page.getList("items.petitionId", Long.class));
        assertEquals(List.of(3, 1), page.getList("items.rating", Integer.class));
        assertEquals("一般", page.getString("items[0].comment"));
        assertEquals("138****5678", page.getString("items[0].contactPhoneMasked"));
        assertEquals("测试居民", page.getString("items[0].reporterName"));
        assertEquals("GREENING", page.getString("items[0].categoryCode"));
        assertNull(page.get("nextCursor"));
        JsonPath firstOnly = get(worker, "/api/petitions/self-checks/callbacks", Map.of("month", "2025-06", "limit", 1));
        assertEquals(1, firstOnly.getList("items").size());
        JsonPath rest = get(worker, "/api/petitions/self-checks/callbacks",
                Map.of("month", "2025-06", "cursor", firstOnly.getLong("nextCursor")));
        assertEquals(List.of(one), rest.getList("items.petitionId", Long.class));

        JsonPath anonymous = get(PetitionFixtures.workerOf(fixtures, 127), "/api/petitions/self-checks/callbacks", Map.of("month", "2025-06"));
        assertEquals(List.of(other), anonymous.getList("items.petitionId", Long.class));
        assertNull(anonymous.get("items[0].reporterName"), "anonymous stays anonymous");
    }

    @Test
    void aCallbackIsMadeOnceByItsCommunitysWorkerAndSurvivesARerun() {
        long someone = resident(fixtures);
        long unhappy = petition(130, "OTHER").reporter(someone).status("CLOSED").rated(2, "太慢", china(2025, 6, 20, 9, 0)).insert(fixtures);
        long reopened = petition(130, "OTHER").reporter(someone).status("CLOSED").rated(1, "没修", china(2025, 6, 21, 9, 0)).insert(fixtures);
        generate();
        long callback = fixtures.count("SELECT id FROM satisfaction_callback WHERE petition_id = $1", unhappy);
        String path = "/api/petitions/self-checks/callbacks/" + callback;

        assertProblem(given().auth().oauth2(PetitionFixtures.workerOf(fixtures, 131)).contentType(ContentType.JSON)
                .body(Map.of("outcome", "x")).post(path).then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.districtAdmin())).contentType(ContentType.JSON)
                .body(Map.of("outcome", "x")).post(path).then(), 403, "forbidden");
        String username = fixtures.communityWorker(130);
        String worker = Fixtures.accessToken(username);
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("outcome", " ")).post(path).then(),
                422, "validation").body("errors[0].field", org.hamcrest.Matchers.containsString("outcome"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("outcome", "x"))
                .post("/api/petitions/self-checks/callbacks/99999999").then(), 404, "not-found");

        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("outcome", "已电话回访，居民接受解释"))
                .post(path).then().statusCode(200)
                .body("id", equalTo((int) callback)).body("petitionId", equalTo((int) unhappy))
                .body("outcome", equalTo("已电话回访，居民接受解释"))
                .body("calledBackBy", equalTo((int) fixtures.accountId(username)));
        assertNotNull(fixtures.sql("SELECT called_back_at FROM satisfaction_callback WHERE id = $1", callback).iterator().next().getValue(0));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("outcome", "again")).post(path).then(),
                409, "already-called-back");

        // The resident reopens the other one: its rating is cleared, so its pending callback goes; the one made stays.
        fixtures.sql("UPDATE petition SET rating = NULL, rating_comment = NULL, visited_at = NULL, reopen_count = 1, status = 'ACCEPTED' WHERE id = $1",
                reopened);
        generate();
        assertEquals(0, fixtures.count("SELECT count(*) FROM satisfaction_callback WHERE petition_id = $1", reopened));
        assertEquals("已电话回访，居民接受解释",
                fixtures.sql("SELECT outcome FROM satisfaction_callback WHERE id = $1", callback).iterator().next().getString(0));
        JsonPath done = get(worker, "/api/petitions/self-checks/callbacks", Map.of("month", "2025-06", "pending", "false"));
        assertEquals(List.of(unhappy), done.getList("items.petitionId", Long.class));
        JsonPath month = get(worker, "/api/petitions/self-checks", Map.of("month", "2025-06", "community", 130));
        assertEquals(1, month.getInt("communities[0].callbacksDone"));
    }

    @Test
    void theScheduledJobRunsLastMonthUnderTheClusterLockAndRecordsItsRun() {
        YearMonth previous = YearMonth.now(cn.palmcommunity.calendar.ChinaTime.CHINA).minusMonths(1);
        Optional<SatisfactionChecks.Generated> result = job.runOnce(previous).await().atMost(Duration.ofSeconds(30));
        assertTrue(result.isPresent());
        assertEquals(previous, result.get().month());
        Row run = fixtures.sql("SELECT outcome, detail FROM job_run WHERE job = $1 ORDER BY id DESC LIMIT 1", SatisfactionCheckJob.JOB)
                .iterator().next();
        assertEquals("SUCCEEDED", run.getString("outcome"));
        assertTrue(run.getString("detail").contains(previous.toString()), run.getString("detail"));
        assertEquals(fixtures.count("SELECT count(*) FROM community"),
                fixtures.count("SELECT count(*) FROM satisfaction_check WHERE month = $1", previous.atDay(1)));
        JsonPath byDefault = get(Fixtures.accessToken(fixtures.districtAdmin()), "/api/petitions/self-checks", Map.of());
        assertEquals(previous.toString(), byDefault.getString("month"), "last month by default");
        assertEquals(fixtures.count("SELECT count(*) FROM community"), byDefault.getList("communities").size());
    }

    @Test
    void scopeAndParametersAreChecked() {
        String worker = PetitionFixtures.workerOf(fixtures, 126);
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("month", "2025-06", "community", 127)).get("/api/petitions/self-checks")
                .then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("month", "2025-06", "community", 127))
                .get("/api/petitions/self-checks/callbacks").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(worker).queryParam("month", "2025-13").get("/api/petitions/self-checks").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("month"));
        assertProblem(given().auth().oauth2(worker).queryParam("pending", "soon").get("/api/petitions/self-checks/callbacks").then(), 400,
                "wrong-type").body("errors[0].field", equalTo("pending"));
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).get("/api/petitions/self-checks").then(), 403, "forbidden");
        JsonPath none = get(worker, "/api/petitions/self-checks", Map.of("month", "2019-01"));
        assertEquals(0, none.getList("communities").size(), "not generated: nothing to show");
    }
}
