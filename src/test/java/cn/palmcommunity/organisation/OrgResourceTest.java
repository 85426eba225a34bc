package cn.palmcommunity.organisation;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class OrgResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void streetStaffSeeTheirStreetOnly() {
        String token = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, 3L, null, null, null));
        long expected = fixtures.count("SELECT count(*) FROM community WHERE street_id = 3");
        given().auth().oauth2(token).get("/api/org/communities")
                .then().statusCode(200)
                .body("$", hasSize((int) expected))
                .body("streetId", everyItem(equalTo(3)));
        given().auth().oauth2(token).get("/api/org/streets")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(3))
                .body("[0].communities", equalTo((int) expected));
    }

    @Test
    void communitiesCanBeFilteredByStreet() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        given().auth().oauth2(token).queryParam("street", 5).get("/api/org/communities")
                .then().statusCode(200)
                .body("streetId", everyItem(equalTo(5)))
                .body("streetName", everyItem(equalTo(fixtures.sql("SELECT name FROM street WHERE id = 5").iterator().next().getString(0))));
    }

    @Test
    void gridsOfACommunity() {
        String token = Fixtures.accessToken(fixtures.communityWorker(9));
        long grids = fixtures.count("SELECT count(*) FROM grid WHERE community_id = 9");
        String code = fixtures.sql("SELECT code FROM community WHERE id = 9").iterator().next().getString(0);
        given().auth().oauth2(token).get("/api/org/communities/9/grids")
                .then().statusCode(200)
                .body("$", hasSize((int) grids))
                .body("code", everyItem(startsWith(code + "-G")));
    }

    @Test
    void unknownCommunityIs404AndAWrongIdTypeIs404Too() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(token).get("/api/org/communities/999999").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(token).get("/api/org/communities/abc").then(), 404, "not-found");
    }

    @Test
    void aWrongQueryParameterTypeIsABadRequest() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(token).queryParam("street", "north").get("/api/org/communities").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("street"));
    }
}
