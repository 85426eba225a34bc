package cn.palmcommunity.station;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public station endpoints limit each client; here to 3 a minute. */
@QuarkusTest
@TestProfile(StationRateLimitTest.LowLimit.class)
class StationRateLimitTest {

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("palm.station.public-rate-per-minute", "3");
        }
    }

    @Test
    void theFourthRequestInAMinuteFromOneDeviceIs429WithRetryAfter() {
        String device = "rl-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            given().header("X-Device-Id", device).get("/api/stations/amenities").then().statusCode(200);
        }
        String retryAfter = assertProblem(given().header("X-Device-Id", device)
                .queryParam("lat", 36.08).queryParam("lng", 120.37).get("/api/stations/nearby").then(), 429, "rate-limited")
                .body("detail", containsString("3 requests a minute"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 20, "about a third of a minute: " + seconds);
        // Another device has its own budget; anonymous callers without one share their address's.
        given().header("X-Device-Id", "rl-" + UUID.randomUUID()).get("/api/stations/amenities").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            given().get("/api/stations/amenities").then().statusCode(200);
        }
        assertProblem(given().get("/api/stations/amenities").then(), 429, "rate-limited");
        // Staff endpoints are not limited by it.
        given().get("/api/stations/managed").then().statusCode(401);
    }
}
