package cn.palmcommunity.open311;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The district administrator's key management, under our usual conventions (problem documents). */
@QuarkusTest
class ApiKeyResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aKeyIsShownOnceStoredHashedListedAndRevoked() {
        String adminName = fixtures.districtAdmin();
        String admin = Fixtures.accessToken(adminName);
        var issued = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "  市民随手拍 App "))
                .post("/api/open311/keys").then().statusCode(201)
                .body("name", equalTo("市民随手拍 App"))
                .body("key", startsWith("o311_"))
                .body("createdAt", notNullValue())
                .extract().jsonPath();
        int id = issued.getInt("id");
        String key = issued.getString("key");
        assertEquals(1, fixtures.count("SELECT count(*) FROM open311_api_key WHERE id = $1 AND key_hash = sha256(convert_to($2, 'UTF8'))"
                + " AND created_by = $3", (long) id, key, fixtures.accountId(adminName)));

        given().auth().oauth2(admin).get("/api/open311/keys").then().statusCode(200)
                .body("find { it.id == " + id + " }.name", equalTo("市民随手拍 App"))
                .body("find { it.id == " + id + " }.revokedAt", nullValue())
                .body(not(containsString(key)))
                .body(not(containsString("keyHash")));

        String revokedAt = given().auth().oauth2(admin).post("/api/open311/keys/" + id + "/revoke").then().statusCode(200)
                .body("id", equalTo(id)).body("revokedAt", notNullValue()).extract().path("revokedAt");
        given().auth().oauth2(admin).post("/api/open311/keys/" + id + "/revoke").then().statusCode(200)
                .body("revokedAt", equalTo(revokedAt));
        Open311Fixtures.file(Open311Fixtures.form(key, "NOISE", "已吊销的密钥", new double[] {36.07, 120.38}), "json")
                .statusCode(403).body("[0].code", equalTo(403));
    }

    @Test
    void onlyTheDistrictAdministratorManagesKeys() {
        String worker = Fixtures.accessToken(fixtures.communityWorker(12));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/api/open311/keys").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(worker).get("/api/open311/keys").then(), 403, "forbidden");
        assertProblem(given().get("/api/open311/keys").then(), 401, "unauthorized");
    }

    @Test
    void aKeyNeedsANameAndRevokingNeedsAKey() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", " "))
                .post("/api/open311/keys").then(), 422, "validation")
                .body("errors[0].field", equalTo("name"));
        assertProblem(given().auth().oauth2(admin).post("/api/open311/keys/999999/revoke").then(), 404, "not-found");
    }
}
