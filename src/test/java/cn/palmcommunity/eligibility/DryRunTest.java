package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A candidate rule compared with the version in force, per community, within the caller's scope. */
@QuarkusTest
class DryRunTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EligibilityFixtures eligibility;

    private static Map<String, Object> candidate(String rule) {
        return Map.of("rule", EligibilityFixtures.parse(rule), "on", "2026-11-26");
    }

    private static Map<String, Object> community(JsonPath result, long communityId) {
        List<Map<String, Object>> rows = result.getList("communities");
        return rows.stream().filter(r -> ((Number) r.get("communityId")).longValue() == communityId).findFirst().orElse(null);
    }

    @Test
    void countsWhoWouldBeIncludedAndDroppedPerCommunity() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        RegistryFixtures.Place place = eligibility.newCommunity();
        // Aged 77, 82 and 90 on 2026-11-26, a 90-year-old man, and an 85-year-old who died.
        eligibility.resident(place, LocalDate.of(1949, 5, 1), 'F', "LIVING");
        eligibility.resident(place, LocalDate.of(1944, 5, 1), 'F', "LIVING");
        eligibility.resident(place, LocalDate.of(1936, 5, 1), 'F', "LIVING");
        eligibility.resident(place, LocalDate.of(1936, 5, 1), 'M', "LIVING");
        eligibility.resident(place, LocalDate.of(1941, 5, 1), 'F', "DECEASED");
        long policy = eligibility.policy(admin, "ONCE", "{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"sex\": \"F\"}]}");

        JsonPath wider = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(candidate("{\"all\": [{\"age\": {\"atLeast\": 75}}, {\"sex\": \"F\"}]}"))
                .post("/api/eligibility/policies/" + policy + "/dry-run")
                .then().statusCode(200).body("currentVersion", equalTo(1)).body("on", equalTo("2026-11-26")).extract().jsonPath();
        Map<String, Object> mine = community(wider, place.communityId());
        assertEquals(Map.of("currentCount", 2, "candidateCount", 3, "newlyIncluded", 1, "dropped", 0),
                Map.of("currentCount", mine.get("currentCount"), "candidateCount", mine.get("candidateCount"),
                        "newlyIncluded", mine.get("newlyIncluded"), "dropped", mine.get("dropped")));
        assertTrue(wider.getLong("total.newlyIncluded") >= 1);

        JsonPath narrower = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(candidate("{\"any\": [{\"age\": {\"atLeast\": 85}}]}"))
                .post("/api/eligibility/policies/" + policy + "/dry-run").then().statusCode(200).extract().jsonPath();
        mine = community(narrower, place.communityId());
        assertEquals(List.of(2, 2, 1, 1), List.of(mine.get("currentCount"), mine.get("candidateCount"), mine.get("newlyIncluded"), mine.get("dropped")),
                "the 90-year-old man comes in, the 82-year-old woman drops out");
        assertEquals(0, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE policy_id = $1", policy), "a dry-run stores nothing");

        // Scope: street staff of another street do not see the test community.
        long otherStreet = fixtures.count("SELECT max(id) FROM street");
        String streetStaff = Fixtures.accessToken(fixtures.staff("STREET_STAFF", 1L, otherStreet == 1 ? null : otherStreet, null, null, null));
        if (otherStreet != 1) {
            JsonPath scoped = given().auth().oauth2(streetStaff).contentType(ContentType.JSON)
                    .body(candidate("{\"age\": {\"atLeast\": 75}}"))
                    .post("/api/eligibility/policies/" + policy + "/dry-run").then().statusCode(200).extract().jsonPath();
            assertEquals(null, community(scoped, place.communityId()));
        }
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(candidate("{\"age\": {\"atLeast\": \"2026-01-01\"}}"))
                .post("/api/eligibility/policies/" + policy + "/dry-run").then(), 422, "validation")
                .body("errors[0].field", equalTo("rule/age/atLeast"));
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(place.communityId()))).contentType(ContentType.JSON)
                .body(candidate("{\"age\": {\"atLeast\": 75}}"))
                .post("/api/eligibility/policies/" + policy + "/dry-run").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(candidate("{\"age\": {\"atLeast\": 75}}"))
                .post("/api/eligibility/policies/999999999/dry-run").then(), 404, "not-found");
    }
}
