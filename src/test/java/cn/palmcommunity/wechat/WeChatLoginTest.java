package cn.palmcommunity.wechat;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
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
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Mini-program login through a real REST client against a local stand-in for WeChat. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class WeChatLoginTest {

    @Inject
    Fixtures fixtures;

    private static io.restassured.response.ValidatableResponse wechatLogin(String code, String role) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code, "role", role))
                .post("/api/auth/wechat").then();
    }

    @Test
    void firstLoginCreatesTheAccountAndTheClientSendsWhatWeChatExpects() {
        String openid = "o" + UUID.randomUUID();
        int accountId = wechatLogin("ok-" + openid, "RESIDENT")
                .statusCode(200)
                .body("account.role", equalTo("RESIDENT"))
                .body("account.scopeLevel", equalTo("SELF"))
                .body("account.username", startsWith("wx:"))
                .body("account.communityIds", hasSize(0))
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .extract().path("account.id");

        Map<String, String> sent = WeChatStub.RECEIVED.stream().filter(q -> q.get("js_code").equals("ok-" + openid)).findFirst().orElseThrow();
        assertEquals("wx-test-app", sent.get("appid"));
        assertEquals("test-secret", sent.get("secret"));
        assertEquals("authorization_code", sent.get("grant_type"));

        var row = fixtures.sql("SELECT id, wechat_unionid, role FROM account WHERE wechat_openid = $1", openid).iterator().next();
        assertEquals(accountId, row.getLong("id").intValue());
        assertEquals("u-" + openid, row.getString("wechat_unionid"));
    }

    @Test
    void theSamePersonLogsInAgainToTheSameAccountAndMaySwitchToRider() {
        String openid = "o" + UUID.randomUUID();
        int first = wechatLogin("ok-" + openid, "RESIDENT").statusCode(200).extract().path("account.id");
        int second = wechatLogin("ok-" + openid, "RIDER").statusCode(200)
                .body("account.role", equalTo("RIDER")).extract().path("account.id");
        assertEquals(first, second);
        assertEquals(1, fixtures.count("SELECT count(*) FROM account WHERE wechat_openid = $1", openid));
    }

    @Test
    void theSessionKeyNeverReachesTheClient() {
        String body = wechatLogin("ok-o" + UUID.randomUUID(), "RIDER").statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("c2Vzc2lvbi1rZXk="));
    }

    @Test
    void anInvalidCodeIs401NamingTheField() {
        assertProblem(wechatLogin("invalid", "RESIDENT"), 401, "wechat-invalid-code")
                .body("errors[0].field", equalTo("code"));
    }

    @Test
    void weChatRateLimitingIs429WithRetryAfter() {
        assertProblem(wechatLogin("busy", "RESIDENT"), 429, "wechat-rate-limited").header("Retry-After", "60");
    }

    @Test
    void aRiskyUserIsRefused() {
        assertProblem(wechatLogin("risky", "RESIDENT"), 403, "wechat-high-risk");
    }

    @Test
    void otherWeChatErrorsAndGarbageAre502() {
        assertProblem(wechatLogin("unknown-code-path", "RESIDENT"), 502, "wechat-error")
                .body("detail", equalTo("WeChat answered errcode 40013"));
        assertProblem(wechatLogin("broken", "RESIDENT"), 502, "wechat-error");
    }

    @Test
    void aDroppedConnectionIs503() {
        assertProblem(wechatLogin("hang", "RESIDENT"), 503, "wechat-unavailable");
    }

    @Test
    void staffRolesCannotBeRequestedThroughWeChat() {
        long before = fixtures.count("SELECT count(*) FROM account");
        assertProblem(wechatLogin("ok-o" + UUID.randomUUID(), "DISTRICT_ADMIN"), 400, "wrong-type")
                .body("errors[0].field", equalTo("role"))
                .body("errors[0].message", equalTo("must be one of [RESIDENT, RIDER]"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM account"));
    }

    @Test
    void aMissingCodeIsAValidationProblem() {
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("role", "RIDER")).post("/api/auth/wechat").then(),
                422, "validation").body("errors[0].field", equalTo("code"));
    }
}
