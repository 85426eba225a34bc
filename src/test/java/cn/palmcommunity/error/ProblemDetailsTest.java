package cn.palmcommunity.error;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Transport-level mistakes: each gets its status and a problem document. */
@QuarkusTest
class ProblemDetailsTest {

    @Test
    void malformedJsonIs400() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"username\": \"a\",").post("/api/auth/login").then(),
                400, "malformed-json");
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingIt() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"username\": [1], \"password\": \"x\"}")
                .post("/api/auth/login").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("username"))
                .body("errors[0].message", equalTo("must be a string"));
    }

    @Test
    void aJsonArrayInsteadOfAnObjectIs400() {
        assertProblem(given().contentType(ContentType.JSON).body("[1,2]").post("/api/auth/login").then(), 400, "malformed-json");
    }

    @Test
    void notJsonIs415() {
        assertProblem(given().contentType(ContentType.TEXT).body("username=a").post("/api/auth/login").then(),
                415, "unsupported-media-type");
    }

    @Test
    void anOversizedBodyIs413BeforeItIsRead() {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertProblem(given().contentType(ContentType.JSON).body(big).post("/api/auth/login").then(), 413, "payload-too-large");
    }

    @Test
    void anUnknownPathIs404() {
        assertProblem(given().get("/api/no-such-thing").then(), 404, "not-found");
    }

    @Test
    void aWrongMethodIs405() {
        assertProblem(given().get("/api/auth/login").then(), 405, "method-not-allowed");
    }
}
