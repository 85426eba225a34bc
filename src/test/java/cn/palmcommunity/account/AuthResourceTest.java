package cn.palmcommunity.account;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class AuthResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void staffLoginReturnsTokensAndTheScope() {
        String worker = fixtures.communityWorker(3);
        given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", Fixtures.PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .body("account.username", equalTo(worker))
                .body("account.role", equalTo("COMMUNITY_WORKER"))
                .body("account.scopeLevel", equalTo("COMMUNITY"))
                .body("account.communityIds", contains(3));
    }

    @Test
    void usernamesAreCaseInsensitiveAndTrimmed() {
        String worker = fixtures.communityWorker(3);
        given().contentType(ContentType.JSON).body(Map.of("username", "  " + worker.toUpperCase() + " ", "password", Fixtures.PASSWORD))
                .post("/api/auth/login").then().statusCode(200).body("account.username", equalTo(worker));
    }

    @Test
    void streetStaffScopeIsEveryCommunityOfTheirStreet() {
        String street = fixtures.staff("STREET_STAFF", null, 2L, null, null, null);
        Object[] expected = fixtures.sql("SELECT id FROM community WHERE street_id = 2 ORDER BY id").stream()
                .map(r -> r.getLong(0).intValue()).toArray();
        given().contentType(ContentType.JSON).body(Map.of("username", street, "password", Fixtures.PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200)
                .body("account.scopeLevel", equalTo("STREET"))
                .body("account.communityIds", containsInAnyOrder(expected))
                .body("account.communityIds", hasSize(greaterThan(1)));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String worker = fixtures.communityWorker(3);
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", "nope"))
                .post("/api/auth/login").then(), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer")
                .body("detail", equalTo("Username or password is wrong"));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", "nobody.here", "password", "nope"))
                .post("/api/auth/login").then(), 401, "unauthorized")
                .body("detail", equalTo("Username or password is wrong"));
        assertEquals(1, fixtures.count("SELECT failed_logins FROM account WHERE username = $1", worker));
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightOne() {
        String worker = fixtures.communityWorker(4);
        for (int i = 0; i < 4; i++) {
            given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", "wrong" + i))
                    .post("/api/auth/login").then().statusCode(401);
        }
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", "wrong5"))
                .post("/api/auth/login").then(), 429, "account-locked")
                .header("Retry-After", notNullValue());
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", Fixtures.PASSWORD))
                .post("/api/auth/login").then(), 429, "account-locked")
                .body("detail", equalTo("Too many failed logins; try again in 15 minutes"));

        // Once the lock has passed, the right password works again and the counter is reset.
        fixtures.sql("UPDATE account SET locked_until = now() - interval '1 second' WHERE username = $1", worker);
        Fixtures.login(worker);
        assertEquals(0, fixtures.count("SELECT failed_logins FROM account WHERE username = $1", worker));
    }

    @Test
    void disabledAccountsCannotLogIn() {
        String worker = fixtures.communityWorker(3);
        fixtures.sql("UPDATE account SET enabled = false WHERE username = $1", worker);
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", Fixtures.PASSWORD))
                .post("/api/auth/login").then(), 403, "forbidden");
    }

    @Test
    void missingFieldsAreNamed() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"username\":\"  \"}")
                .post("/api/auth/login").then(), 422, "validation")
                .body("errors.field", containsInAnyOrder("username", "password"));
    }

    @Test
    void anEmptyBodyIsAValidationProblem() {
        assertProblem(given().contentType(ContentType.JSON).post("/api/auth/login").then(), 422, "validation")
                .body("errors.field", contains("request"));
    }

    @Test
    void refreshRotatesAndAReusedTokenEndsTheWholeLogin() {
        String worker = fixtures.communityWorker(5);
        String first = (String) Fixtures.login(worker).get("refreshToken");

        Map<String, Object> second = given().contentType(ContentType.JSON).body(Map.of("refreshToken", first))
                .post("/api/auth/refresh").then().statusCode(200)
                .body("account.username", equalTo(worker))
                .body("accessToken", notNullValue())
                .extract().jsonPath().getMap("");
        String secondRefresh = (String) second.get("refreshToken");
        assertNotEquals(first, secondRefresh);

        // The first token was used already: presenting it again revokes the family, the second one too.
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("refreshToken", first))
                .post("/api/auth/refresh").then(), 401, "unauthorized")
                .body("detail", equalTo("refresh token was already used; please log in again"));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("refreshToken", secondRefresh))
                .post("/api/auth/refresh").then(), 401, "unauthorized")
                .body("detail", equalTo("refresh token was revoked"));
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        String worker = fixtures.communityWorker(5);
        String refresh = (String) Fixtures.login(worker).get("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/auth/logout").then().statusCode(204);
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/auth/refresh").then(), 401, "unauthorized");
        assertEquals(0, fixtures.count("""
                SELECT count(*) FROM refresh_token t JOIN account a ON a.id = t.account_id
                 WHERE a.username = $1 AND t.revoked_at IS NULL""", worker));
    }

    @Test
    void expiredRefreshTokensAreRefused() {
        String worker = fixtures.communityWorker(5);
        String refresh = (String) Fixtures.login(worker).get("refreshToken");
        fixtures.sql("""
                UPDATE refresh_token SET expires_at = now() - interval '1 minute'
                 WHERE account_id = (SELECT id FROM account WHERE username = $1)""", worker);
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/auth/refresh").then(), 401, "unauthorized")
                .body("detail", equalTo("refresh token expired"));
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        String worker = fixtures.communityWorker(5);
        String refresh = (String) Fixtures.login(worker).get("refreshToken");
        assertEquals(0, fixtures.count("SELECT count(*) FROM refresh_token WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'", refresh));
        assertEquals(1, fixtures.count("SELECT count(*) FROM refresh_token WHERE token_hash = sha256(convert_to($1, 'UTF8'))", refresh));
    }

    @Test
    void meAnswersFromTheDatabaseNotOnlyTheToken() {
        String worker = fixtures.communityWorker(6);
        String token = Fixtures.accessToken(worker);
        given().auth().oauth2(token).get("/api/auth/me")
                .then().statusCode(200)
                .body("username", equalTo(worker))
                .body("communityIds", contains(6))
                .body("department", equalTo(null));
        fixtures.sql("UPDATE account SET enabled = false WHERE username = $1", worker);
        assertProblem(given().auth().oauth2(token).get("/api/auth/me").then(), 403, "forbidden");
    }

    @Test
    void passwordsAreBcryptHashed() {
        String worker = fixtures.communityWorker(3);
        String hash = fixtures.sql("SELECT password_hash FROM account WHERE username = $1", worker).iterator().next().getString(0);
        org.junit.jupiter.api.Assertions.assertTrue(hash.startsWith("$2"), "bcrypt hash expected");
        assertNull(fixtures.sql("SELECT locked_until FROM account WHERE username = $1", worker).iterator().next().getValue(0));
        given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", hash))
                .post("/api/auth/login").then().statusCode(401).body("accessToken", not(notNullValue()));
    }
}
