package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.InsightFixtures.china;
import static cn.palmcommunity.petition.InsightFixtures.petition;
import static cn.palmcommunity.petition.InsightFixtures.resident;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The three rates over March 2025 (China time) on street 21 (communities 132-137), which only this
 * test fills; the expected values are worked out by hand from the petitions it writes.
 */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionRatesTest {

    private static final Map<String, String> MARCH = Map.of("from", "2025-03-01", "to", "2025-04-01");
    private static boolean seeded;

    @Inject
    Fixtures fixtures;

    /** Community 132: five counted petitions; 133: one; 134-137: none. */
    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        long someone = resident(fixtures);
        // In time, closed, never reopened, rated 5: counts everywhere.
        petition(132, "NOISE").reporter(someone).status("CLOSED").submitted(china(2025, 3, 5, 10, 0)).acceptedAfterHours(1)
                .rated(5, "满意", china(2025, 3, 9, 10, 0)).insert(fixtures);
        // Accepted late, reopened once and visited again, rated 2: only rated.
        petition(132, "NOISE").reporter(someone).status("VISITED").submitted(china(2025, 3, 10, 10, 0)).acceptedAfterHours(30)
                .reopened(1).rated(2, "没解决", china(2025, 3, 20, 10, 0)).insert(fixtures);
        // Never accepted.
        petition(132, "GREENING").reporter(someone).submitted(china(2025, 3, 20, 10, 0)).insert(fixtures);
        // In time and resolved, not yet rated.
        petition(132, "SANITATION").reporter(someone).status("RESOLVED").submitted(china(2025, 3, 25, 10, 0)).acceptedAfterHours(2)
                .insert(fixtures);
        // Just after midnight China time on the 1st (still February in UTC): in March; rejected, so only submitted.
        petition(132, "OTHER").reporter(someone).status("REJECTED").submitted(china(2025, 3, 1, 0, 10)).insert(fixtures);
        // Not counted: merged, the last minutes of February and the first of April (China time).
        petition(132, "NOISE").reporter(someone).status("MERGED").submitted(china(2025, 3, 26, 10, 0)).acceptedAfterHours(1)
                .insert(fixtures);
        petition(132, "NOISE").reporter(someone).status("CLOSED").submitted(china(2025, 2, 28, 23, 50)).acceptedAfterHours(1)
                .insert(fixtures);
        petition(132, "NOISE").reporter(someone).status("CLOSED").submitted(china(2025, 4, 1, 0, 10)).acceptedAfterHours(1)
                .insert(fixtures);
        petition(133, "NOISE").reporter(someone).status("CLOSED").submitted(china(2025, 3, 15, 10, 0)).acceptedAfterHours(3)
                .rated(4, null, china(2025, 3, 18, 10, 0)).insert(fixtures);
    }

    private static JsonPath get(String token, String path, Map<String, ?> params) {
        return given().auth().oauth2(token).queryParams(MARCH).queryParams(params).get(path)
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static void assertRates(JsonPath rates, String prefix, long submitted, long inTime, long resolved, long rated, long satisfied,
                                    Double response, Double resolution, Double satisfaction) {
        assertEquals(submitted, rates.getLong(prefix + "submitted"), rates.prettify());
        assertEquals(inTime, rates.getLong(prefix + "acceptedInTime"));
        assertEquals(resolved, rates.getLong(prefix + "resolved"));
        assertEquals(rated, rates.getLong(prefix + "rated"));
        assertEquals(satisfied, rates.getLong(prefix + "satisfied"));
        assertEquals(response, rates.get(prefix + "responseRate"));
        assertEquals(resolution, rates.get(prefix + "resolutionRate"));
        assertEquals(satisfaction, rates.get(prefix + "satisfactionRate"));
    }

    @Test
    void aCommunityWorkerSeesTheirCommunitysRates() {
        String worker = PetitionFixtures.workerOf(fixtures, 132);
        JsonPath rates = get(worker, "/api/petitions/rates", Map.of("level", "community", "id", 132));
        assertEquals("COMMUNITY", rates.getString("level"));
        assertEquals(132, rates.getLong("id"));
        assertEquals("2025-03-01", rates.getString("from"));
        assertEquals("2025-04-01", rates.getString("to"));
        assertRates(rates, "", 5, 2, 2, 2, 1, 0.4, 0.4, 0.5);

        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("level", "community", "id", 133)).get("/api/petitions/rates").then(),
                403, "forbidden");
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("level", "street", "id", 21)).get("/api/petitions/rates").then(),
                403, "forbidden");
        assertProblem(given().auth().oauth2(worker).queryParam("level", "district").get("/api/petitions/rates").then(), 403, "forbidden");

        JsonPath own = get(worker, "/api/petitions/rates/by-community", Map.of());
        assertEquals(List.of(132), own.getList("id"));
        assertRates(own, "[0].", 5, 2, 2, 2, 1, 0.4, 0.4, 0.5);
    }

    @Test
    void streetStaffSeeTheirStreetAndEachOfItsCommunities() {
        String street = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, 21L, null, null, null));
        JsonPath rates = get(street, "/api/petitions/rates", Map.of("level", "STREET", "id", 21));
        assertEquals("STREET", rates.getString("level"));
        assertRates(rates, "", 6, 3, 3, 3, 2, 0.5, 0.5, 0.6667);
        assertRates(get(street, "/api/petitions/rates", Map.of("level", "community", "id", 133)), "", 1, 1, 1, 1, 1, 1.0, 1.0, 1.0);

        JsonPath rows = get(street, "/api/petitions/rates/by-community", Map.of());
        assertEquals(List.of(132, 133, 134, 135, 136, 137), rows.getList("id"));
        assertRates(rows, "[0].", 5, 2, 2, 2, 1, 0.4, 0.4, 0.5);
        assertRates(rows, "[2].", 0, 0, 0, 0, 0, null, null, null);

        assertProblem(given().auth().oauth2(street).queryParams(Map.of("level", "community", "id", 125)).get("/api/petitions/rates").then(),
                403, "forbidden");
        assertProblem(given().auth().oauth2(street).queryParams(Map.of("level", "street", "id", 20)).get("/api/petitions/rates").then(),
                403, "forbidden");
    }

    @Test
    void districtStaffSeeTheWholeDistrict() {
        String district = Fixtures.accessToken(fixtures.districtAdmin());
        JsonPath rates = get(district, "/api/petitions/rates", Map.of("level", "district"));
        assertEquals("DISTRICT", rates.getString("level"));
        // Other tests may file petitions dated March 2025 elsewhere; the expected values come from the table itself.
        Row expected = fixtures.sql("""
                SELECT count(*), count(*) FILTER (WHERE accepted_at <= accept_due_at),
                       count(*) FILTER (WHERE status IN ('RESOLVED', 'VISITED', 'CLOSED') AND reopen_count = 0),
                       count(rating), count(*) FILTER (WHERE rating >= 4)
                  FROM petition WHERE submitted_at >= $1 AND submitted_at < $2 AND status <> 'MERGED'""",
                china(2025, 3, 1, 0, 0), china(2025, 4, 1, 0, 0)).iterator().next();
        assertEquals(expected.getLong(0), rates.getLong("submitted"));
        assertEquals(expected.getLong(1), rates.getLong("acceptedInTime"));
        assertEquals(expected.getLong(2), rates.getLong("resolved"));
        assertEquals(expected.getLong(3), rates.getLong("rated"));
        assertEquals(expected.getLong(4), rates.getLong("satisfied"));

        JsonPath rows = get(district, "/api/petitions/rates/by-community", Map.of());
        assertEquals(fixtures.count("SELECT count(*) FROM community"), rows.getList("id").size());
        assertEquals(rates.getLong("submitted"), rows.getList("submitted", Long.class).stream().mapToLong(Long::longValue).sum());
        int index = rows.getList("id", Long.class).indexOf(132L);
        assertRates(rows, "[" + index + "].", 5, 2, 2, 2, 1, 0.4, 0.4, 0.5);

        assertRates(get(district, "/api/petitions/rates", Map.of("level", "community", "id", 134)), "", 0, 0, 0, 0, 0, null, null, null);
        assertProblem(given().auth().oauth2(district).queryParams(Map.of("level", "street", "id", 9999)).get("/api/petitions/rates").then(),
                404, "not-found");
        assertProblem(given().auth().oauth2(district).queryParams(Map.of("level", "community", "id", 9999)).get("/api/petitions/rates").then(),
                404, "not-found");
    }

    @Test
    void theDefaultPeriodIsThisMonthAndWrongParametersAreNamed() {
        String worker = PetitionFixtures.workerOf(fixtures, 132);
        JsonPath now = given().auth().oauth2(worker).queryParams(Map.of("level", "community", "id", 132)).get("/api/petitions/rates")
                .then().statusCode(200).extract().jsonPath();
        java.time.LocalDate first = java.time.YearMonth.now(cn.palmcommunity.calendar.ChinaTime.CHINA).atDay(1);
        assertEquals(first.toString(), now.getString("from"));
        assertEquals(first.plusMonths(1).toString(), now.getString("to"));
        assertNull(now.get("satisfactionRate"));

        assertProblem(given().auth().oauth2(worker).get("/api/petitions/rates").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("level"));
        assertProblem(given().auth().oauth2(worker).queryParam("level", "city").get("/api/petitions/rates").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("level"));
        assertProblem(given().auth().oauth2(worker).queryParam("level", "community").get("/api/petitions/rates").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("id"));
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("level", "community", "id", "x")).get("/api/petitions/rates").then(),
                400, "wrong-type").body("errors[0].field", equalTo("id"));
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("level", "community", "id", 132, "from", "March"))
                .get("/api/petitions/rates").then(), 400, "wrong-type").body("errors[0].field", equalTo("from"));
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("from", "2025-04-01", "to", "2025-03-01"))
                .get("/api/petitions/rates/by-community").then(), 400, "wrong-type").body("errors[0].field", equalTo("to"));
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).get("/api/petitions/rates/by-community").then(), 403, "forbidden");
    }
}
