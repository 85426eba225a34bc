package cn.palmcommunity.notification;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Writing notifications: with the caller's transaction, deduplicated, with an outbox row for WeChat users. */
@QuarkusTest
class NotificationsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Notifications notifications;

    @Inject
    Pool pool;

    private long resident(String openid) {
        return fixtures.sql("INSERT INTO account (role, display_name, wechat_openid) VALUES ('RESIDENT', '居民', $1) RETURNING id", openid)
                .iterator().next().getLong(0);
    }

    private static NotificationRequest petitionAccepted(long accountId, String dedupeKey) {
        return NotificationRequest.to(accountId, "PETITION_STATUS", "您的诉求已受理")
                .withLink("pages/petition/detail?id=12")
                .withDedupeKey(dedupeKey)
                .withWeChat("tmpl-petition-status", Map.of("thing1", "诉求已受理", "time2", "2026-11-23 10:15"));
    }

    @Test
    void aRolledBackTransactionLeavesNoNotificationAndNoDelivery() {
        long resident = resident("o-" + UUID.randomUUID());
        String dedupe = "rollback-" + UUID.randomUUID();
        Uni<Long> failing = pool.withTransaction(conn -> notifications.notify(conn, petitionAccepted(resident, dedupe))
                .onItem().transformToUni(id -> Uni.createFrom().<Long>failure(new IllegalStateException("the business change failed"))));
        assertThrows(IllegalStateException.class, () -> failing.await().atMost(Duration.ofSeconds(30)));
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1", resident));
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.account_id = $1", resident));
    }

    @Test
    void aCommittedTransactionWritesTheNotificationAndAPendingWeChatDelivery() {
        long resident = resident("o-" + UUID.randomUUID());
        long id = pool.withTransaction(conn -> notifications.notify(conn, petitionAccepted(resident, null)))
                .await().atMost(Duration.ofSeconds(30));
        var delivery = fixtures.sql("""
                SELECT channel, status, attempts, template_id, template_data->>'thing1' AS thing1, next_attempt_at <= now() AS due
                  FROM notification_delivery WHERE notification_id = $1""", id).iterator().next();
        assertEquals("WECHAT_SUBSCRIBE", delivery.getString("channel"));
        assertEquals("PENDING", delivery.getString("status"));
        assertEquals(0, delivery.getInteger("attempts"));
        assertEquals("tmpl-petition-status", delivery.getString("template_id"));
        assertEquals("诉求已受理", delivery.getString("thing1"));
        assertEquals(true, delivery.getBoolean("due"));
        assertEquals(resident, fixtures.count("SELECT account_id FROM notification WHERE id = $1", id));
    }

    @Test
    void aRepeatedDedupeKeyIsANoOpAnswersTheFirstId() {
        long resident = resident("o-" + UUID.randomUUID());
        String dedupe = "petition:12:ACCEPTED:" + UUID.randomUUID();
        long first = notifications.notify(pool, petitionAccepted(resident, dedupe)).await().atMost(Duration.ofSeconds(30));
        long again = notifications.notify(pool, petitionAccepted(resident, dedupe).withBody("changed")).await().atMost(Duration.ofSeconds(30));
        assertEquals(first, again);
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE dedupe_key = $1", dedupe));
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification_delivery WHERE notification_id = $1", first));
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification WHERE dedupe_key = $1 AND body IS NOT NULL", dedupe));
    }

    @Test
    void noDeliveryWithoutATemplateOrWithoutAnOpenid() {
        long resident = resident("o-" + UUID.randomUUID());
        long plain = notifications.notify(pool, NotificationRequest.to(resident, "PETITION_STATUS", "仅站内")).await().atMost(Duration.ofSeconds(30));
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification_delivery WHERE notification_id = $1", plain));

        long worker = fixtures.accountId(fixtures.communityWorker(3));
        long staff = notifications.notify(pool, petitionAccepted(worker, null)).await().atMost(Duration.ofSeconds(30));
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification_delivery WHERE notification_id = $1", staff));
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE id = $1 AND account_id = $2", staff, worker));
    }

    @Test
    void requestsAreCheckedBeforeAnythingIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> NotificationRequest.to(1, "petition status", "x"));
        assertThrows(IllegalArgumentException.class, () -> NotificationRequest.to(1, "PETITION_STATUS", " "));
        assertThrows(IllegalArgumentException.class, () -> NotificationRequest.to(1, "PETITION_STATUS", "x").withWeChat("", Map.of()));
    }
}
