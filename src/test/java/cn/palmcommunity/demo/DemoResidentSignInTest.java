package cn.palmcommunity.demo;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo district's resident sign-in, with the demo on (the test profile loads the demo district). */
@QuarkusTest
class DemoResidentSignInTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aBrowserGetsAResidentOfItsOwnWithRealTokens() {
        String device = UUID.randomUUID().toString();
        String token = given().contentType(ContentType.JSON).body(Map.of("deviceId", device, "nickname", "小李"))
                .post("/api/auth/demo-resident")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("refreshToken", notNullValue())
                .body("account.role", equalTo("RESIDENT"))
                .body("account.displayName", equalTo("小李"))
                .extract().path("accessToken");
        // The token works where residents go, and the account is the same on the next sign-in.
        given().auth().oauth2(token).get("/api/petitions/mine").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200).body("role", equalTo("RESIDENT"));
        given().contentType(ContentType.JSON).body(Map.of("deviceId", device))
                .post("/api/auth/demo-resident").then().statusCode(200).body("account.displayName", equalTo("小李"));
        assertEquals(1, fixtures.count("SELECT count(*) FROM account WHERE wechat_openid = $1", "demo-resident:" + device));
        // Not a staff account: the inbox stays closed.
        assertProblem(given().auth().oauth2(token).get("/api/petitions/inbox").then(), 403, "forbidden");
    }

    @Test
    void aBadDeviceIdIsNamed() {
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("deviceId", "x y"))
                .post("/api/auth/demo-resident").then(), 422, "validation")
                .body("errors[0].field", equalTo("deviceId"));
        assertProblem(given().contentType(ContentType.JSON).body("{}")
                .post("/api/auth/demo-resident").then(), 422, "validation")
                .body("errors[0].field", equalTo("deviceId"));
    }
}
