package cn.palmcommunity.security;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.ForgedTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Tries to get in with tokens that must not work, and checks the ones that should. */
@QuarkusTest
class TokenSecurityTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aTokenSignedWithTheServerKeyAndRightClaimsWorks() {
        // The control case: without it the refusals below would prove nothing.
        given().auth().oauth2(ForgedTokens.signedByServerKey(ForgedTokens.validClaims()))
                .get("/api/org/communities")
                .then().statusCode(200).body("id", equalTo(List.of(1)));
    }

    @Test
    void noTokenIs401() {
        assertProblem(given().get("/api/org/communities").then(), 401, "unauthorized").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void garbageTokenIs401() {
        assertProblem(given().auth().oauth2("not.a.jwt").get("/api/org/communities").then(), 401, "unauthorized");
    }

    @Test
    void expiredTokenIs401() {
        String token = ForgedTokens.signedByServerKey(ForgedTokens.validClaims()
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities").then(), 401, "unauthorized");
    }

    @Test
    void tokenSignedBySomeoneElseIs401() {
        String token = ForgedTokens.signedByStranger(ForgedTokens.validClaims());
        assertProblem(given().auth().oauth2(token).get("/api/org/communities").then(), 401, "unauthorized");
    }

    @Test
    void tamperedPayloadIs401() {
        String good = ForgedTokens.signedByServerKey(ForgedTokens.validClaims());
        String[] parts = good.split("\\.");
        String widened = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"COMMUNITY_WORKER\"", "\"DISTRICT_ADMIN\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(given().auth().oauth2(parts[0] + "." + widened + "." + parts[2]).get("/api/org/communities").then(),
                401, "unauthorized");
    }

    @Test
    void wrongIssuerIs401() {
        String token = ForgedTokens.signedByServerKey(ForgedTokens.validClaims().issuer("https://evil.example"));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities").then(), 401, "unauthorized");
    }

    @Test
    void wrongAudienceIs401() {
        String token = ForgedTokens.signedByServerKey(ForgedTokens.validClaims().audience("another-api"));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities").then(), 401, "unauthorized");
    }

    @Test
    void residentsCannotUseStaffEndpoints() {
        String token = ForgedTokens.signedByServerKey(ForgedTokens.validClaims().groups("RESIDENT")
                .claim("scope_level", "SELF").claim("communities", List.of()));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities").then(), 403, "forbidden");
    }

    @Test
    void aWorkerCannotReachAnotherCommunity() {
        String token = Fixtures.accessToken(fixtures.communityWorker(7));
        given().auth().oauth2(token).get("/api/org/communities/7").then().statusCode(200).body("id", equalTo(7));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities/8").then(), 403, "forbidden")
                .body("detail", equalTo("Community 8 is outside your data scope"));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities/8/grids").then(), 403, "forbidden");
        given().auth().oauth2(token).get("/api/org/communities").then().statusCode(200).body("id", equalTo(List.of(7)));
    }

    @Test
    void aDistrictAccountSeesEveryCommunity() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        // Every demo community (other tests may add communities of their own).
        List<String> codes = given().auth().oauth2(token).get("/api/org/communities").then().statusCode(200)
                .extract().jsonPath().getList("code", String.class);
        org.junit.jupiter.api.Assertions.assertEquals(137, codes.stream().filter(c -> c.matches("C\\d{3}")).distinct().count());
        given().auth().oauth2(token).get("/api/org/streets").then().statusCode(200).body("$", hasSize(21));
    }

    @Test
    void theScopeIsEnforcedFromTheTokenNotTheRequest() {
        // A forged scope signed with a stranger's key cannot widen anything.
        String token = ForgedTokens.signedByStranger(ForgedTokens.validClaims().claim("scope_level", "DISTRICT"));
        assertProblem(given().auth().oauth2(token).get("/api/org/communities").then(), 401, "unauthorized");
    }
}
