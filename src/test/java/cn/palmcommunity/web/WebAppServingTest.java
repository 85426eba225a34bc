package cn.palmcommunity.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The phone web app's files and settings as the server hands them out. */
@QuarkusTest
class WebAppServingTest {

    @Test
    void settingsNameTheTilesAndTheDemoSignIn() {
        given().get("/api/web-config").then().statusCode(200)
                .body("tileUrl", nullValue())
                .body("tileCoord", equalTo("WGS84"))
                .body("demo", equalTo(true));
        assertProblem(given().accept("text/html").get("/api/web-config").then(), 406, "not-acceptable");
    }

    @Test
    void pagesAndModulesAreServedCompressedAndRevalidated() {
        for (String page : new String[] {"/", "/resident/", "/rider/", "/worker/"}) {
            given().get(page).then().statusCode(200).contentType(containsString("text/html"))
                    .body(containsString("name=\"viewport\""), containsString("lang=\"zh-CN\""));
        }
        given().header("Accept-Encoding", "gzip").get("/app/rider.js").then().statusCode(200)
                .header("Content-Encoding", "gzip").contentType(containsString("javascript"));
        given().get("/sw.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("/api/stations/nearby"), containsString("STATIONS_KEPT"));
        // The screens loaded on demand or by the persona apps.
        for (String module : new String[] {"/app/station.js", "/app/volunteer.js", "/app/matching.js", "/app/benefits.js",
            "/app/worklist.js", "/app/i18n-benefit.js"}) {
            given().get(module).then().statusCode(200).contentType(containsString("javascript"));
        }
    }
}
