package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Saved filters: CRUD per owner, validated like searches, re-run over the current data. */
@QuarkusTest
class SavedFilterTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    @Test
    void saveListRunChangeAndDelete() {
        Population pop = new Population(registry, 31, 30);
        String token = Fixtures.accessToken(fixtures.communityWorker(pop.place().communityId()));
        Map<String, Object> aged = Map.of("name", "独居老人", "filter", Map.of("tagsAll", List.of("AGED_LIVING_ALONE"), "ageMin", 60));
        long id = given().auth().oauth2(token).contentType(ContentType.JSON).body(aged).post("/api/residents/filters")
                .then().statusCode(201).body("filter.ageMin", equalTo(60)).extract().jsonPath().getLong("id");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(aged).post("/api/residents/filters").then(),
                409, "duplicate-filter-name");
        given().auth().oauth2(token).get("/api/residents/filters").then().statusCode(200).body("name", contains("独居老人"));

        List<Long> expected = pop.ids(p -> p.tags().containsKey("AGED_LIVING_ALONE")
                && p.ageOn(java.time.LocalDate.now(ResidentService.CHINA)) >= 60);
        var page = given().auth().oauth2(token).queryParam("limit", 200).post("/api/residents/filters/" + id + "/run")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(expected.size(), page.getLong("count"));
        assertEquals(expected, page.getList("items.id", Long.class));

        // A new resident who matches is found on the next run.
        long newcomer = registry.resident(RegistryFixtures.idNumber(java.time.LocalDate.of(1940, 1, 1), 'M'), "测试新", pop.place().communityId(),
                pop.place().grid1(), null, "13900000001", "LIVING");
        registry.tag(newcomer, "AGED_LIVING_ALONE", Population.JAN_1);
        given().auth().oauth2(token).post("/api/residents/filters/" + id + "/run").then().statusCode(200)
                .body("count", equalTo(expected.size() + 1));

        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "filter", Map.of("ageMin", 500))).put("/api/residents/filters/" + id).then(), 422, "validation")
                .body("errors[0].field", equalTo("filter.ageMin"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "男性", "filter", Map.of("sex", "M"))).put("/api/residents/filters/" + id)
                .then().statusCode(200).body("name", equalTo("男性")).body("filter.sex", equalTo("M"));

        // Someone else's filter does not exist for me.
        String other = Fixtures.accessToken(fixtures.communityWorker(pop.place().communityId()));
        assertProblem(given().auth().oauth2(other).post("/api/residents/filters/" + id + "/run").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(other).delete("/api/residents/filters/" + id).then(), 404, "not-found");

        given().auth().oauth2(token).delete("/api/residents/filters/" + id).then().statusCode(204);
        assertProblem(given().auth().oauth2(token).get("/api/residents/filters/" + id).then(), 404, "not-found");
    }
}
