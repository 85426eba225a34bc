package cn.palmcommunity.eligibility;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.notification.DeliveryDispatcher;
import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lead reminders through the outbox, against the local WeChat stub: exactly once, retries, give-up, crash resend, closed leads. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class LeadReminderTest {

    static final Instant NOW = Instant.parse("2026-11-24T01:00:00Z");

    @Inject
    Fixtures fixtures;

    @Inject
    LeadWorklistFixtures leads;

    @Inject
    LeadReminders reminders;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    ClusterLock lock;

    @BeforeEach
    void fixTime() {
        QuarkusMock.installMockForType(Clock.fixed(NOW, ZoneOffset.UTC), Clock.class);
    }

    private LeadReminders.LeadReminderRun remind() {
        return reminders.runOnce().await().atMost(Duration.ofSeconds(60)).orElseThrow();
    }

    private void dispatch() {
        dispatcher.drain(500, 20).await().atMost(Duration.ofSeconds(60));
    }

    private Row residentNotice(long lead) {
        var rows = fixtures.sql("SELECT id, account_id, kind, title, body, link, data FROM notification WHERE dedupe_key = $1", "lead:" + lead + ":resident");
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private Row delivery(long lead) {
        return fixtures.sql("""
                SELECT d.id, d.status, d.attempts, d.last_error, d.template_id, d.template_data FROM notification_delivery d
                  JOIN notification n ON n.id = d.notification_id WHERE n.dedupe_key = $1""", "lead:" + lead + ":resident").iterator().next();
    }

    private void makeDue(long lead) {
        fixtures.sql("""
                UPDATE notification_delivery d SET next_attempt_at = now() FROM notification n
                 WHERE n.id = d.notification_id AND n.dedupe_key = $1""", "lead:" + lead + ":resident");
    }

    @Test
    void theScheduledRunWaitsWhileAFullSweepHoldsItsLock() throws Exception {
        RegistryFixtures.Place place = leads.community();
        long lead = leads.lead(leads.resident(place, "赵桂芝", null), leads.policy("高龄津贴"));
        CompletableFuture<Void> sweepStarted = new CompletableFuture<>();
        CompletableFuture<String> sweepDone = new CompletableFuture<>();
        CompletableFuture<Optional<String>> sweep = lock.runExclusively(SweepJob.JOB, () -> {
            sweepStarted.complete(null);
            return Uni.createFrom().completionStage(sweepDone);
        }).subscribeAsCompletionStage();
        sweepStarted.get(30, TimeUnit.SECONDS);

        reminders.scheduled().await().atMost(Duration.ofSeconds(60));
        assertEquals(1, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE id = $1 AND reminded_at IS NULL", lead),
                "no reminder while the sweep runs");

        sweepDone.complete("swept");
        sweep.get(30, TimeUnit.SECONDS);
        reminders.scheduled().await().atMost(Duration.ofSeconds(60));
        assertEquals(1, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE id = $1 AND reminded_at IS NOT NULL", lead),
                "reminded by the first run after the sweep");
    }

    @Test
    void runningTheJobTwiceRemindsEachLeadOncePerChannel() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        long linkedResident = leads.resident(place, "王秀英", "13912345678");
        String openid = "o-" + UUID.randomUUID();
        long account = leads.linkedAccount(linkedResident, openid);
        long linkedLead = leads.lead(linkedResident, policy);
        long unlinkedLead = leads.lead(leads.resident(place, "李桂兰", null), policy);
        long worker1 = fixtures.accountId(fixtures.communityWorker(place.communityId()));
        long worker2 = fixtures.accountId(fixtures.communityWorker(place.communityId()));
        long elsewhere = fixtures.accountId(fixtures.communityWorker(leads.community().communityId()));

        LeadReminders.LeadReminderRun first = remind();
        assertTrue(first.leads() >= 2 && first.residentNotices() >= 1 && first.workerNotices() >= 2, first.toString());
        remind();
        dispatch();
        remind();
        dispatch();

        Row notice = residentNotice(linkedLead);
        assertEquals(account, notice.getLong("account_id"));
        assertEquals("ELIGIBILITY_LEAD", notice.getString("kind"));
        assertEquals("您可能符合「高龄津贴」", notice.getString("title"));
        assertEquals("您已年满80周岁，可申请高龄津贴，请携带身份证到社区办理", notice.getString("body"));
        assertEquals("pages/eligibility/lead?id=" + linkedLead, notice.getString("link"));
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1", account));
        assertNull(residentNotice(unlinkedLead), "no account, no resident notice (the worker still has the lead)");

        Row delivery = delivery(linkedLead);
        assertEquals("SENT", delivery.getString("status"));
        assertEquals(1, delivery.getInteger("attempts"));
        assertEquals("tmpl-eligibility-lead", delivery.getString("template_id"));
        assertEquals("高龄津贴", delivery.getJsonObject("template_data").getString("thing1"));
        assertEquals("您已年满80周岁，可申请高龄津贴，请携带", delivery.getJsonObject("template_data").getString("thing2"));
        assertEquals(1, WeChatStub.sentTo(openid).size());
        JsonObject message = WeChatStub.sentTo(openid).get(0).body();
        assertEquals("tmpl-eligibility-lead", message.getString("template_id"));
        assertEquals("palm-delivery-" + delivery.getLong("id"), WeChatStub.sentTo(openid).get(0).idempotencyKey());

        for (long worker : List.of(worker1, worker2)) {
            Row w = fixtures.sql("SELECT kind, title, body, data FROM notification WHERE account_id = $1", worker).iterator().next();
            assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1", worker));
            assertEquals("ELIGIBILITY_LEADS", w.getString("kind"));
            assertEquals("「高龄津贴」新增 2 条线索", w.getString("title"));
            assertEquals("请核实老人居住情况并协助申请高龄津贴", w.getString("body"));
            assertEquals(place.communityId(), w.getJsonObject("data").getLong("communityId"));
        }
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1", elsewhere));

        // Read, then a later run the same day finds one more: the same notice, counting 3, unread again.
        fixtures.sql("UPDATE notification SET read_at = now() WHERE account_id = $1", worker1);
        leads.lead(leads.resident(place, "张淑珍", null), policy);
        remind();
        Row raised = fixtures.sql("SELECT title, read_at, data FROM notification WHERE account_id = $1", worker1).iterator().next();
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1", worker1));
        assertEquals("「高龄津贴」新增 3 条线索", raised.getString("title"));
        assertEquals(3, raised.getJsonObject("data").getInteger("leads"));
        assertNull(raised.getValue("read_at"));
        assertEquals(0, fixtures.count("SELECT count(*) FROM notification_delivery d JOIN notification n ON n.id = d.notification_id "
                + "WHERE n.account_id = ANY($1)", (Object) new Long[] {worker1, worker2}), "workers are told in the app only");
        assertEquals(2, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE id = ANY($1) AND reminded_at = $2",
                new Long[] {linkedLead, unlinkedLead}, NOW.atOffset(ZoneOffset.UTC)));
    }

    @Test
    void aResidentWhoRefusedTheSubscriptionIsNotRetriedOnWeChat() {
        RegistryFixtures.Place place = leads.community();
        long resident = leads.resident(place, "王秀英", null);
        String openid = "refuse-" + UUID.randomUUID();
        leads.linkedAccount(resident, openid);
        long lead = leads.lead(resident, leads.policy("高龄津贴"));
        remind();
        dispatch();
        Row first = delivery(lead);
        assertEquals("GAVE_UP", first.getString("status"));
        assertEquals(1, first.getInteger("attempts"));
        assertTrue(first.getString("last_error").contains("43101"), first.getString("last_error"));

        makeDue(lead);
        remind();
        dispatch();
        assertEquals(1, WeChatStub.sentTo(openid).size());
        assertEquals("GAVE_UP", delivery(lead).getString("status"));
        assertNotNull(residentNotice(lead), "the in-app notice stays");
    }

    @Test
    void aDeliveryThatKeepsFailingBacksOffAndGivesUpVisiblyAfterFiveAttempts() {
        RegistryFixtures.Place place = leads.community();
        long resident = leads.resident(place, "王秀英", null);
        String openid = "drop-" + UUID.randomUUID();
        leads.linkedAccount(resident, openid);
        long lead = leads.lead(resident, leads.policy("高龄津贴"));
        remind();
        dispatch();
        assertEquals("PENDING", delivery(lead).getString("status"));
        dispatch();
        assertEquals(1, WeChatStub.sentTo(openid).size(), "not due again before its backoff");
        for (int attempt = 2; attempt <= 5; attempt++) {
            makeDue(lead);
            dispatch();
        }
        Row last = delivery(lead);
        assertEquals("GAVE_UP", last.getString("status"));
        assertEquals(5, last.getInteger("attempts"));
        assertTrue(last.getString("last_error").startsWith("gave up after 5 attempts"), last.getString("last_error"));
        makeDue(lead);
        dispatch();
        assertEquals(5, WeChatStub.sentTo(openid).size());
        assertEquals(0, WeChatStub.deliveredTo(openid));
    }

    @Test
    void aResendAfterACrashBetweenSendingAndRecordingIsDeduplicatedByItsKey() {
        RegistryFixtures.Place place = leads.community();
        long resident = leads.resident(place, "王秀英", null);
        String openid = "o-" + UUID.randomUUID();
        leads.linkedAccount(resident, openid);
        long lead = leads.lead(resident, leads.policy("高龄津贴"));
        remind();
        dispatch();
        Row sent = delivery(lead);
        assertEquals("SENT", sent.getString("status"));

        // What a crash after the send and before the record leaves once the lease is over: the claim
        // (attempt 1) committed, the outcome never written.
        fixtures.sql("UPDATE notification_delivery SET status = 'PENDING', sent_at = NULL, next_attempt_at = now() WHERE id = $1",
                sent.getLong("id"));
        dispatch();

        Row resent = delivery(lead);
        assertEquals("SENT", resent.getString("status"));
        assertEquals(2, resent.getInteger("attempts"));
        List<WeChatStub.SubscribeCall> calls = WeChatStub.sentTo(openid);
        assertEquals(2, calls.size(), "the message went out again");
        String key = "palm-delivery-" + sent.getLong("id");
        assertEquals(List.of(key, key), calls.stream().map(WeChatStub.SubscribeCall::idempotencyKey).toList());
        assertTrue(calls.get(1).duplicate());
        assertEquals(1, WeChatStub.deliveredTo(openid), "the gateway recognised the key: the resident got it once");
    }

    @Test
    void closedLeadsAndResidentsWhoLeftGetNoFurtherReminders() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");

        // Closed before the job ran: nothing at all.
        long closedResident = leads.resident(place, "甲", null);
        String closedOpenid = "o-" + UUID.randomUUID();
        leads.linkedAccount(closedResident, closedOpenid);
        long closedLead = leads.lead(closedResident, policy);
        fixtures.sql("UPDATE eligibility_lead SET status = 'CLOSED', closed_reason = 'NO_LONGER_QUALIFIES' WHERE id = $1", closedLead);

        // Died before the job ran (the sweep has not closed the lead yet): marked, no reminder.
        long deadResident = leads.resident(place, "乙", null);
        String deadOpenid = "o-" + UUID.randomUUID();
        leads.linkedAccount(deadResident, deadOpenid);
        long deadLead = leads.lead(deadResident, policy);
        fixtures.sql("UPDATE resident SET living_status = 'DECEASED' WHERE id = $1", deadResident);

        // Reminded, then closed / moved out / declined while the WeChat message waits in the outbox.
        long laterClosed = leadFor(place, policy, "丙");
        long laterMoved = leadFor(place, policy, "丁");
        long laterDeclined = leadFor(place, policy, "戊");
        remind();

        assertNull(residentNotice(closedLead));
        assertNull(residentNotice(deadLead));
        assertEquals(1, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE id = $1 AND reminded_at IS NOT NULL", deadLead));
        for (long lead : List.of(laterClosed, laterMoved, laterDeclined)) {
            assertEquals("PENDING", delivery(lead).getString("status"));
        }

        fixtures.sql("UPDATE eligibility_lead SET status = 'CLOSED', closed_reason = 'DECEASED' WHERE id = $1", laterClosed);
        fixtures.sql("UPDATE resident SET living_status = 'MOVED_OUT' FROM eligibility_lead l WHERE l.id = $1 AND resident.id = l.resident_id", laterMoved);
        fixtures.sql("UPDATE eligibility_lead SET status = 'DECLINED' WHERE id = $1", laterDeclined);
        assertEquals("lead CLOSED", delivery(laterClosed).getString("last_error"));
        assertEquals("resident MOVED_OUT", delivery(laterMoved).getString("last_error"));
        assertEquals("lead DECLINED", delivery(laterDeclined).getString("last_error"));

        dispatch();
        remind();
        dispatch();
        for (long lead : List.of(laterClosed, laterMoved, laterDeclined)) {
            Row d = delivery(lead);
            assertEquals("GAVE_UP", d.getString("status"));
            assertEquals(0, d.getInteger("attempts"), "never claimed");
        }
        assertEquals(0, WeChatStub.sentTo(closedOpenid).size() + WeChatStub.sentTo(deadOpenid).size());
    }

    private long leadFor(RegistryFixtures.Place place, LeadWorklistFixtures.TestPolicy policy, String name) {
        long resident = leads.resident(place, name, null);
        leads.linkedAccount(resident, "o-" + UUID.randomUUID());
        return leads.lead(resident, policy);
    }
}
