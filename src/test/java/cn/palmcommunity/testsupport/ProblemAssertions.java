package cn.palmcommunity.testsupport;

import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The shape every error must have: RFC 9457, right status, stable type, no internals. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String typeSlug) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", endsWith("/problems/" + typeSlug))
                .body("title", not(equalTo(null)))
                .body(not(containsString("Exception")))
                .body(not(containsString("at cn.palmcommunity")));
    }
}
