package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A death record stops what depends on the person being alive: bookings, invitations, pending messages, the account. */
@QuarkusTest
class DeathRecordTest {

    @Inject
    FeedFixtures feeds;

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    @Test
    void aDeathCancelsBookingsAndInvitationsAndGivesUpPendingMessages() {
        RegistryFixtures.Place place = registry.newCommunity();
        String id = RegistryFixtures.idNumber(LocalDate.of(1950, 9, 9), 'M');
        long resident = registry.resident(id, "志愿者甲", place.communityId(), place.grid1(), place.compoundId(), null, "LIVING");
        long account = fixtures.count("""
                INSERT INTO account (role, display_name, wechat_openid, resident_id) VALUES ('RESIDENT', '甲', $1, $2) RETURNING id""",
                "o-death-" + System.nanoTime(), resident);
        long volunteer = fixtures.count("""
                INSERT INTO volunteer (name, community_id, home, account_id)
                VALUES ('志愿者甲', $1, ST_SetSRID(ST_MakePoint(120.38, 36.07), 4326)::geography, $2) RETURNING id""", place.communityId(), account);
        OffsetDateTime start = OffsetDateTime.now().plusDays(3);
        long accepted = task(place.communityId(), start);
        long invited = task(place.communityId(), start.plusDays(1));
        long past = task(place.communityId(), OffsetDateTime.now().minusDays(3));
        long b1 = booking(accepted, volunteer, "ACCEPTED");
        long b2 = booking(invited, volunteer, "INVITED");
        long b3 = booking(past, volunteer, "COMPLETED");
        long notification = fixtures.count("INSERT INTO notification (account_id, kind, title) VALUES ($1, 'ELIGIBILITY', '您可申请高龄补贴') RETURNING id", account);
        fixtures.sql("INSERT INTO notification_delivery (notification_id, channel, template_id) VALUES ($1, 'WECHAT_SUBSCRIBE', 'tpl')", notification);

        String token = feeds.department("HEALTH");
        feeds.jsonl(token, "DEATH", "{\"record_id\":\"DD-" + resident + "\",\"version\":\"1\",\"id_number\":\"" + id + "\",\"death_date\":\"2026-11-01\"}\n")
                .statusCode(200).body("rowsApplied", equalTo(1));

        assertEquals("DECLINED", fixtures.sql("SELECT status FROM volunteer_booking WHERE id = $1", b1).iterator().next().getString(0));
        assertEquals("EXPIRED", fixtures.sql("SELECT status FROM volunteer_booking WHERE id = $1", b2).iterator().next().getString(0));
        assertEquals("COMPLETED", fixtures.sql("SELECT status FROM volunteer_booking WHERE id = $1", b3).iterator().next().getString(0));
        assertEquals(0, fixtures.count("SELECT booked FROM volunteer_task WHERE id = $1", accepted));
        assertEquals(0, fixtures.count("SELECT booked FROM volunteer_task WHERE id = $1", invited));
        assertEquals(1, fixtures.count("SELECT booked FROM volunteer_task WHERE id = $1", past));
        assertEquals("GAVE_UP", fixtures.sql("SELECT status FROM notification_delivery WHERE notification_id = $1", notification)
                .iterator().next().getString(0));
        assertEquals(false, fixtures.sql("SELECT enabled FROM account WHERE id = $1", account).iterator().next().getBoolean(0));
        assertEquals("DECEASED", fixtures.sql("SELECT living_status FROM resident WHERE id = $1", resident).iterator().next().getString(0));
    }

    private long task(long community, OffsetDateTime start) {
        return fixtures.count("""
                INSERT INTO volunteer_task (community_id, street_id, kind, title, starts_at, ends_at, place, headcount, visibility,
                                            check_in_code, created_by)
                SELECT c.id, c.street_id, 'PATROL', '巡逻', $2, $3, ST_SetSRID(ST_MakePoint(120.38, 36.07), 4326)::geography, 5, 'COMMUNITY',
                       '0000', (SELECT min(id) FROM account)
                  FROM community c WHERE c.id = $1 RETURNING id""", community, start, start.plusHours(2));
    }

    private long booking(long task, long volunteer, String status) {
        return fixtures.count("""
                WITH b AS (INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period)
                           SELECT id, $2, $3, 'INVITATION', period FROM volunteer_task WHERE id = $1 RETURNING id),
                     c AS (UPDATE volunteer_task SET booked = booked + 1 WHERE id = $1)
                SELECT id FROM b""", task, volunteer, status);
    }
}
