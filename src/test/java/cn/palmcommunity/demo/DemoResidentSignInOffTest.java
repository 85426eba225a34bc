package cn.palmcommunity.demo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Without the demo district (production) the demo sign-in does not exist. */
@QuarkusTest
@TestProfile(DemoResidentSignInOffTest.DemoOff.class)
class DemoResidentSignInOffTest {

    /** The demo switched off; the database is kept as it is (no clean), so this restart stays cheap. */
    public static class DemoOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("palm.demo.enabled", "false", "quarkus.flyway.clean-at-start", "false");
        }
    }

    @Test
    void answersNotFoundLikeAnyUnknownPath() {
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("deviceId", "3b0f6c7e-52b4-4d8e"))
                .post("/api/auth/demo-resident").then(), 404, "not-found")
                .body("detail", containsString("/api/auth/demo-resident"));
        // Checked before the body, so not even a validation message gives it away.
        assertProblem(given().contentType(ContentType.JSON).body("{}")
                .post("/api/auth/demo-resident").then(), 404, "not-found")
                .body("status", equalTo(404));
    }
}
