package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copy's catching up (V28's notes): a change is found by the transaction that made it, whenever
 * that transaction began; a copy that needed notes since removed reads everything again.
 */
@QuarkusTest
class MatchingCopyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Fixtures fixtures;
    @Inject
    Pool pool;
    @Inject
    MatchingCopy copy;
    @Inject
    Matching matching;
    @Inject
    MatchingConnections connections;

    @Test
    void theListingWaitsForTheCopyToCatchUpAndShowsWhatChanged() {
        double[] here = {36.3 + Math.random() * 0.05, 121.0 + Math.random() * 0.05};
        java.time.OffsetDateTime start = VolunteerFixtures.futureMonday(2).atTime(10, 0).atOffset(VolunteerFixtures.CHINA);
        long task = VolunteerFixtures.taskRow(fixtures, 125, here, start, start.plusHours(2), 5);
        copy.refresh().await().atMost(WAIT);
        long answered = copy.answeredHere();
        // Someone new arrives next to the place after the copy was read; the listing does not use the tables for it.
        long person = VolunteerFixtures.person(fixtures, 125, VolunteerFixtures.offset(here, 80, 0), "Mo-Su 00:00-24:00", 40);
        java.util.List<VolunteerViews.Candidate> ranked = connections.pool().withConnection(conn -> VolunteerTasks.load(conn, task, false)
                .chain(t -> matching.rank(conn, t, 1_000, 50, null, true, true))).await().atMost(WAIT);
        assertTrue(ranked.stream().anyMatch(c -> c.volunteerId() == person), "the newcomer is ranked: " + ranked);
        assertEquals(answered + 1, copy.answeredHere(), "ranked from the copy, once it had caught up");
    }

    @Test
    void aChangeCommittedAfterTheCopyWasReadIsFoundThoughItsTransactionBeganBefore() {
        long person = VolunteerFixtures.person(fixtures, 125, new double[] {36.2, 120.9}, "Mo 08:00-12:00", 40, "ELDER_VISIT");
        copy.refresh().await().atMost(WAIT);
        SqlConnection conn = pool.getConnection().await().atMost(WAIT);
        MatchingCopy.Copy read;
        try {
            Transaction tx = conn.begin().await().atMost(WAIT);
            // The change is made (its transaction has an id) before the copy is read, and committed after.
            conn.preparedQuery("UPDATE volunteer SET monthly_hours_cap = 77 WHERE id = $1").execute(Tuple.of(person)).await().atMost(WAIT);
            copy.refresh().await().atMost(WAIT);
            read = copy.current();
            assertEquals(40, read.people().get(person).capHours(), "uncommitted work is not in the copy");
            assertTrue(current(read), "nothing committed since the read");
            tx.commit().await().atMost(WAIT);
            assertFalse(current(read), "the late commit is seen as missing from the copy");
        } finally {
            conn.closeAndAwait();
        }
        copy.refresh().await().atMost(WAIT);
        assertEquals(77, copy.current().people().get(person).capHours());
        assertSame(read.people().base(), copy.current().people().base(), "only the changed person was read again");
        assertTrue(current(copy.current()));

        // Bookings and the ledger are followed too.
        long task = VolunteerFixtures.taskRow(fixtures, 125, new double[] {36.2, 120.9},
                java.time.OffsetDateTime.now().plusDays(3), java.time.OffsetDateTime.now().plusDays(3).plusHours(2), 5);
        VolunteerFixtures.booking(fixtures, task, person, "ACCEPTED");
        fixtures.sql("INSERT INTO service_hours_entry (volunteer_id, kind, minutes, reason, served_on) VALUES ($1, 'CORRECTION', 90, '补录', current_date)",
                person);
        assertFalse(current(copy.current()));
        copy.refresh().await().atMost(WAIT);
        MatchingCopy.Person after = copy.current().people().get(person);
        assertEquals(task, after.taskIds()[0]);
        assertEquals("ACCEPTED", after.statuses()[0]);
        assertEquals(90, after.minutes()[0]);
    }

    @Test
    void aCopyThatNeededRemovedNotesReadsEverythingAgain() {
        long person = VolunteerFixtures.person(fixtures, 125, new double[] {36.21, 120.91}, null, 40, "PATROL");
        copy.refresh().await().atMost(WAIT);
        MatchingCopy.Copy read = copy.current();
        fixtures.sql("UPDATE volunteer SET name = '改名后' WHERE id = $1", person);
        fixtures.sql("UPDATE matching_change SET at = now() - interval '2 hours'");
        copy.prune().await().atMost(WAIT);
        assertEquals(0, fixtures.count("SELECT count(*) FROM matching_change WHERE at < now() - interval '1 hour'"));
        assertFalse(current(read), "the note is gone, but the copy still knows it is behind");
        copy.refresh().await().atMost(WAIT);
        MatchingCopy.Copy again = copy.current();
        assertNotEquals(read.snapshot(), again.snapshot());
        assertEquals("改名后", again.people().get(person).name());
        assertTrue(current(again));
    }

    private boolean current(MatchingCopy.Copy read) {
        return pool.withConnection(conn -> copy.stillCurrent(conn, read)).await().atMost(WAIT);
    }
}
