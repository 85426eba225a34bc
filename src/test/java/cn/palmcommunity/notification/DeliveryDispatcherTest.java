package cn.palmcommunity.notification;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox dispatcher against a local stand-in for WeChat's subscribe-message API. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class DeliveryDispatcherTest {

    private static final String TEMPLATE = "tmpl-petition-status";

    @Inject
    Fixtures fixtures;

    @Inject
    Notifications notifications;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    WeChatAccessToken accessToken;

    @Inject
    Pool pool;

    /** A resident with this openid and a notification for them with a WeChat template; answers the notification id. */
    private long notifyResident(String openid) {
        long resident = fixtures.sql("INSERT INTO account (role, display_name, wechat_openid) VALUES ('RESIDENT', '居民', $1) RETURNING id", openid)
                .iterator().next().getLong(0);
        return notifications.notify(pool, NotificationRequest.to(resident, "PETITION_STATUS", "您的诉求已受理")
                        .withLink("pages/petition/detail?id=12")
                        .withWeChat(TEMPLATE, Map.of("thing1", "诉求已受理", "time2", "2026-11-23 10:15")))
                .await().atMost(Duration.ofSeconds(30));
    }

    private int dispatch() {
        return dispatcher.dispatchDue(500).await().atMost(Duration.ofSeconds(60));
    }

    private Row delivery(long notificationId) {
        return fixtures.sql("""
                SELECT status, attempts, last_error, sent_at,
                       extract(epoch FROM next_attempt_at - now())::int AS due_in
                  FROM notification_delivery WHERE notification_id = $1""", notificationId).iterator().next();
    }

    private void makeDue(long notificationId) {
        fixtures.sql("UPDATE notification_delivery SET next_attempt_at = now() WHERE notification_id = $1", notificationId);
    }

    @Test
    void aDueDeliveryIsSentWithTheRightJsonAndMarkedSent() {
        String openid = "o-" + UUID.randomUUID();
        long id = notifyResident(openid);
        assertTrue(dispatch() >= 1);

        Row row = delivery(id);
        assertEquals("SENT", row.getString("status"));
        assertEquals(1, row.getInteger("attempts"));
        assertNull(row.getString("last_error"));
        assertNotNull(row.getOffsetDateTime("sent_at"));

        List<WeChatStub.SubscribeCall> calls = WeChatStub.sentTo(openid);
        assertEquals(1, calls.size());
        JsonObject message = calls.get(0).body();
        assertEquals(openid, message.getString("touser"));
        assertEquals(TEMPLATE, message.getString("template_id"));
        assertEquals("pages/petition/detail?id=12", message.getString("page"));
        assertEquals("formal", message.getString("miniprogram_state"));
        assertEquals("zh_CN", message.getString("lang"));
        assertEquals(new JsonObject(Map.of("thing1", Map.of("value", "诉求已受理"), "time2", Map.of("value", "2026-11-23 10:15"))),
                message.getJsonObject("data"));
        assertTrue(calls.get(0).accessToken().startsWith("stub-token-"));

        dispatch();
        assertEquals(1, WeChatStub.sentTo(openid).size(), "a sent delivery is never sent again");
    }

    @Test
    void aRefusingUserIsGivenUpAtOnceWithoutRetry() {
        String openid = "refuse-" + UUID.randomUUID();
        long id = notifyResident(openid);
        dispatch();
        Row row = delivery(id);
        assertEquals("GAVE_UP", row.getString("status"));
        assertEquals(1, row.getInteger("attempts"));
        assertTrue(row.getString("last_error").contains("43101"), row.getString("last_error"));

        makeDue(id);
        dispatch();
        assertEquals(1, WeChatStub.sentTo(openid).size());
        assertEquals("GAVE_UP", delivery(id).getString("status"));
    }

    @Test
    void templateDataWeChatRefusesIsGivenUpWithTheErrorKept() {
        String openid = "baddata-" + UUID.randomUUID();
        long id = notifyResident(openid);
        dispatch();
        Row row = delivery(id);
        assertEquals("GAVE_UP", row.getString("status"));
        assertEquals("errcode 47003: argument invalid! data.thing1.value invalid", row.getString("last_error"));
        assertEquals(1, WeChatStub.sentTo(openid).size());
    }

    @Test
    void aBusyWeChatIsRetriedAfterAMinuteAndThenSent() {
        String openid = "flaky-" + UUID.randomUUID();
        long id = notifyResident(openid);
        dispatch();
        Row first = delivery(id);
        assertEquals("PENDING", first.getString("status"));
        assertEquals(1, first.getInteger("attempts"));
        assertTrue(first.getString("last_error").contains("errcode -1"), first.getString("last_error"));
        int dueIn = first.getInteger("due_in");
        assertTrue(dueIn >= 50 && dueIn <= 60, "next attempt in about a minute, not " + dueIn + " s");

        dispatch();
        assertEquals(1, WeChatStub.sentTo(openid).size(), "not due yet");

        makeDue(id);
        dispatch();
        Row second = delivery(id);
        assertEquals("SENT", second.getString("status"));
        assertEquals(2, second.getInteger("attempts"));
        assertEquals(2, WeChatStub.sentTo(openid).size());
    }

    @Test
    void networkFailuresBackOffAndTheFifthFailureGivesUp() {
        String openid = "drop-" + UUID.randomUUID();
        long id = notifyResident(openid);
        dispatch();
        Row first = delivery(id);
        assertEquals("PENDING", first.getString("status"));
        assertEquals(1, first.getInteger("attempts"));
        assertNotNull(first.getString("last_error"));
        assertTrue(first.getInteger("due_in") <= 60);

        makeDue(id);
        dispatch();
        Row second = delivery(id);
        assertEquals(2, second.getInteger("attempts"));
        int dueIn = second.getInteger("due_in");
        assertTrue(dueIn > 240 && dueIn <= 300, "second retry after about 5 minutes, not " + dueIn + " s");

        for (int attempt = 3; attempt <= 5; attempt++) {
            makeDue(id);
            dispatch();
        }
        Row last = delivery(id);
        assertEquals("GAVE_UP", last.getString("status"));
        assertEquals(5, last.getInteger("attempts"));
        assertTrue(last.getString("last_error").startsWith("gave up after 5 attempts"), last.getString("last_error"));
        assertEquals(5, WeChatStub.sentTo(openid).size());

        makeDue(id);
        dispatch();
        assertEquals(5, WeChatStub.sentTo(openid).size());
    }

    @Test
    void theAccessTokenIsFetchedOnceForSeveralSends() {
        String current = accessToken.current().await().atMost(Duration.ofSeconds(30));
        accessToken.forget(current);
        int tokenCallsBefore = WeChatStub.tokenCalls();
        List<String> openids = List.of("o-" + UUID.randomUUID(), "o-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        List<Long> ids = openids.stream().map(this::notifyResident).toList();

        dispatch();
        assertEquals(tokenCallsBefore + 1, WeChatStub.tokenCalls());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("SENT", delivery(ids.get(i)).getString("status"));
        }
        List<String> tokensUsed = openids.stream().map(o -> WeChatStub.sentTo(o).get(0).accessToken()).distinct().toList();
        assertEquals(1, tokensUsed.size());
        Map<String, String> query = WeChatStub.TOKEN_REQUESTS.peekLast();
        assertEquals(Map.of("grant_type", "client_credential", "appid", "wx-test-app", "secret", "test-secret"), query);

        long another = notifyResident("o-" + UUID.randomUUID());
        dispatch();
        assertEquals("SENT", delivery(another).getString("status"));
        assertEquals(tokenCallsBefore + 1, WeChatStub.tokenCalls(), "the cached token is reused");
    }

    @Test
    void aTokenReplacedElsewhereIsFetchedAnewAndTheMessageResent() {
        String openid = "o-" + UUID.randomUUID();
        long id = notifyResident(openid);
        String ours = accessToken.current().await().atMost(Duration.ofSeconds(30));
        // Another server instance fetches a token: WeChat now refuses ours with 40001.
        String stub = ConfigProvider.getConfig().getValue("quarkus.rest-client.wechat.url", String.class);
        given().baseUri(stub).queryParam("grant_type", "client_credential").queryParam("appid", "wx-test-app")
                .queryParam("secret", "test-secret").get("/cgi-bin/token").then().statusCode(200);

        dispatch();
        assertEquals("SENT", delivery(id).getString("status"));
        assertEquals(1, delivery(id).getInteger("attempts"));
        List<WeChatStub.SubscribeCall> calls = WeChatStub.sentTo(openid);
        assertEquals(2, calls.size());
        assertEquals(ours, calls.get(0).accessToken());
        assertNotEquals(ours, calls.get(1).accessToken());
    }

    @Test
    void anExpiredTokenIsRenewedInTheSameRun() {
        String openid = "expired-" + UUID.randomUUID();
        long id = notifyResident(openid);
        int before = WeChatStub.tokenCalls();
        dispatch();
        assertEquals("SENT", delivery(id).getString("status"));
        assertEquals(before + 1, WeChatStub.tokenCalls());
        assertEquals(2, WeChatStub.sentTo(openid).size());
    }

    @Test
    void twoDispatchersAtOnceSendEachDeliveryOnce() {
        List<String> openids = List.of("o-" + UUID.randomUUID(), "o-" + UUID.randomUUID(), "o-" + UUID.randomUUID(),
                "o-" + UUID.randomUUID(), "o-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        List<Long> ids = openids.stream().map(this::notifyResident).toList();

        var both = Uni.combine().all().unis(dispatcher.dispatchDue(3), dispatcher.dispatchDue(3)).asTuple()
                .await().atMost(Duration.ofSeconds(60));
        dispatch();
        assertTrue(both.getItem1() + both.getItem2() >= 1);
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("SENT", delivery(ids.get(i)).getString("status"));
            assertEquals(1, delivery(ids.get(i)).getInteger("attempts"));
            assertEquals(1, WeChatStub.sentTo(openids.get(i)).size(), "sent exactly once: " + openids.get(i));
        }
    }

    @Test
    void twoLanesDrainingInSmallBatchesSendEveryDeliveryOnceWithItsOwnKey() {
        List<String> openids = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            openids.add("o-" + UUID.randomUUID());
        }
        List<Long> ids = openids.stream().map(this::notifyResident).toList();

        List<Long> drained = Uni.join().all(dispatcher.drain(2, 100), dispatcher.drain(2, 100)).andFailFast()
                .await().atMost(Duration.ofSeconds(60));
        assertTrue(drained.get(0) + drained.get(1) >= ids.size(), drained.toString());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("SENT", delivery(ids.get(i)).getString("status"));
            List<WeChatStub.SubscribeCall> calls = WeChatStub.sentTo(openids.get(i));
            assertEquals(1, calls.size(), "sent exactly once: " + openids.get(i));
            long deliveryId = fixtures.count("SELECT id FROM notification_delivery WHERE notification_id = $1", ids.get(i));
            assertEquals("palm-delivery-" + deliveryId, calls.get(0).idempotencyKey());
        }
    }
}
