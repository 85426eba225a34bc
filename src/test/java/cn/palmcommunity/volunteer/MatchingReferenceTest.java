package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.volunteer.VolunteerFixtures.CHINA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matching statement against {@link ReferenceMatching} (the statement before V19, reading
 * everything from the source tables) on generated people: several hundred around a point far from
 * the demo district (so no other test's tasks reach them, nor theirs these), community 125, with
 * random skills and certificates, availability (some past midnight), ledger entries in and out of the
 * windows, and bookings of every status, some overlapping the tasks and some on them. Every task
 * shape (one skill, one certified skill, all of several, any of several, none for the community, the street or everyone,
 * one named person) must give the same candidates, in the same order, with the same figures; and
 * again after bookings, availability and the ledger change underneath (the V19 triggers).
 */
@QuarkusTest
class MatchingReferenceTest {

    static final long COMMUNITY = 125;
    static final int PEOPLE = 700;

    @Inject
    Fixtures fixtures;
    @Inject
    Pool pool;
    @Inject
    Matching matching;
    @Inject
    Clock clock;
    @Inject
    MatchingCopy copy;

    @Test
    void sameCandidatesAndFiguresAsTheReferenceStatement() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // 40-60 km north-east of the district, a fresh spot each run.
        double[] here = {36.45 + random.nextDouble() * 0.2, 120.75 + random.nextDouble() * 0.2};
        String marker = "参照" + System.nanoTime();
        List<Long> people = generate(here, marker);
        LocalDate monday = VolunteerFixtures.futureMonday(3);
        OffsetDateTime morning = monday.atTime(9, 0).atOffset(CHINA);
        OffsetDateTime afterMidnight = monday.plusDays(1).atTime(0, 30).atOffset(CHINA);
        List<Long> tasks = List.of(
                task(here, morning, "{ELDER_VISIT}", "ALL", "PUBLIC"),
                task(here, afterMidnight, "{PATROL}", "ALL", "COMMUNITY"),
                task(here, morning, "{MEDIC,NURSE}", "ALL", "STREET"),
                task(here, morning.plusHours(3), "{MEDIC}", "ALL", "STREET"),
                task(here, morning.plusHours(5), "{MEDIC,NURSE,CLEANING}", "ANY", "COMMUNITY"),
                task(here, morning, "{}", "ALL", "COMMUNITY"),
                task(here, afterMidnight, "{}", "ALL", "STREET"),
                task(here, morning.plusHours(2), "{}", "ALL", "PUBLIC"));
        bookings(people, tasks, morning, afterMidnight);

        // The copy brought up to date (the generated people read again as changed), so every task is ranked from it.
        copy.refresh().await().atMost(Duration.ofSeconds(30));
        long fromCopy = copy.answeredHere();
        int compared = compareAll(tasks, people);
        assertTrue(compared > 300, "candidates compared: " + compared);
        assertTrue(copy.answeredHere() - fromCopy >= tasks.size() * 3L, "rankings the copy answered: " + (copy.answeredHere() - fromCopy));

        // Change what the copied figures follow: no-shows recorded and withdrawn, invitations accepted,
        // bookings deleted, availability replaced and removed, new ledger entries (a negative correction too).
        String mine = "(SELECT id FROM volunteer WHERE name LIKE '" + marker + "%')";
        fixtures.sql("UPDATE volunteer_booking SET status = 'NO_SHOW' WHERE status = 'COMPLETED' AND volunteer_id % 3 = 0 AND volunteer_id IN " + mine);
        String nothingActiveOverlaps = " AND NOT EXISTS (SELECT 1 FROM volunteer_booking o"
                + " WHERE o.volunteer_id = b.volunteer_id AND o.active AND o.period && b.period)";
        fixtures.sql("UPDATE volunteer_booking b SET status = 'COMPLETED' WHERE b.status = 'NO_SHOW' AND b.volunteer_id % 5 = 0 AND b.volunteer_id IN "
                + mine + nothingActiveOverlaps);
        fixtures.sql("DELETE FROM volunteer_booking WHERE status = 'NO_SHOW' AND volunteer_id % 7 = 0 AND volunteer_id IN " + mine);
        // Invitations to the other tasks (which do not overlap each other) accepted where nothing active overlaps.
        fixtures.sql("UPDATE volunteer_booking b SET status = 'ACCEPTED' WHERE b.status = 'INVITED' AND b.volunteer_id IN " + mine
                + " AND b.task_id <> ALL ($1::bigint[])" + nothingActiveOverlaps, (Object) tasks.toArray(Long[]::new));
        fixtures.sql("DELETE FROM volunteer_booking WHERE status = 'ACCEPTED' AND volunteer_id % 4 = 0 AND volunteer_id IN " + mine);
        fixtures.sql("DELETE FROM volunteer_availability WHERE volunteer_id % 6 = 0 AND volunteer_id IN " + mine);
        fixtures.sql("UPDATE volunteer_availability SET open_minute = 420, close_minute = 1500 WHERE volunteer_id % 6 = 1 AND volunteer_id IN " + mine);
        fixtures.sql("""
                INSERT INTO service_hours_entry (volunteer_id, kind, minutes, reason, served_on)
                SELECT id, 'CORRECTION', CASE WHEN id % 2 = 0 THEN -30 ELSE 240 END, '参照补录', $1::date - (id % 120)::int
                  FROM volunteer WHERE name LIKE $2 AND id % 4 = 1""", LocalDate.now(clock.withZone(CHINA)), marker + "%");
        assertEquals(0, fixtures.count("""
                SELECT count(*) FROM volunteer v
                 WHERE v.name LIKE $1 AND (
                       v.no_shows <> (SELECT count(*) FROM volunteer_booking b WHERE b.volunteer_id = v.id AND b.status = 'NO_SHOW')
                    OR v.last_served_on IS DISTINCT FROM (SELECT max(e.served_on) FROM service_hours_entry e WHERE e.volunteer_id = v.id)
                    OR v.last_accepted_start < (SELECT max(lower(b.period)) FROM volunteer_booking b WHERE b.volunteer_id = v.id AND b.status = 'ACCEPTED')
                    OR (v.last_accepted_start IS NULL AND EXISTS (SELECT 1 FROM volunteer_booking b WHERE b.volunteer_id = v.id AND b.status = 'ACCEPTED'))
                    OR (SELECT coalesce(string_agg(concat_ws('/', a.d, a.o, a.c), ',' ORDER BY a.d, a.o, a.c), '')
                          FROM unnest(v.weekly_days, v.weekly_opens, v.weekly_closes) AS a (d, o, c))
                       <> (SELECT coalesce(string_agg(concat_ws('/', r.day, r.open_minute, r.close_minute), ',' ORDER BY r.day, r.open_minute, r.close_minute), '')
                             FROM volunteer_availability r WHERE r.volunteer_id = v.id))""",
                marker + "%"), "people whose copied figures differ from their rows");
        // The copy is behind now: the tables answer until it has read the changed people again, then it does.
        assertTrue(compareAll(tasks, people) > 300);
        copy.refresh().await().atMost(Duration.ofSeconds(30));
        fromCopy = copy.answeredHere();
        assertTrue(compareAll(tasks, people) > 300);
        assertTrue(copy.answeredHere() - fromCopy >= tasks.size() * 3L, "rankings the copy answered after catching up");

        // Skills removed and a certificate rule changed by hand (the latter makes the copy read everyone again).
        fixtures.sql("DELETE FROM volunteer_skill_held WHERE skill_code = 'ELDER_VISIT' AND volunteer_id % 2 = 0 AND volunteer_id IN " + mine);
        fixtures.sql("UPDATE volunteer_skill SET certificate_required = NOT certificate_required WHERE code = 'NURSE'");
        try {
            assertTrue(compareAll(tasks, people) > 300);
            copy.refresh().await().atMost(Duration.ofSeconds(30));
            assertTrue(compareAll(tasks, people) > 300);
        } finally {
            fixtures.sql("UPDATE volunteer_skill SET certificate_required = NOT certificate_required WHERE code = 'NURSE'");
        }
    }

    /** Compares every task at two radii and limits, and one named person at a time; answers how many candidates matched. */
    private int compareAll(List<Long> tasks, List<Long> people) {
        ReferenceMatching reference = new ReferenceMatching(clock);
        int compared = 0;
        for (long taskId : tasks) {
            for (int[] radiusAndLimit : new int[][] {{5000, 100}, {1500, 20}, {10_000, 5}}) {
                compared += compare(reference, taskId, radiusAndLimit[0], radiusAndLimit[1], null);
            }
            for (int i = 0; i < people.size(); i += 37) {
                compare(reference, taskId, 1_000_000, 1, people.get(i));
            }
        }
        return compared;
    }

    private int compare(ReferenceMatching reference, long taskId, int radius, int limit, Long only) {
        // Both ways: from the copy when it is current, and from the tables alone.
        List<List<VolunteerViews.Candidate>> all = pool.withTransaction(conn -> VolunteerTasks.load(conn, taskId, false)
                        .chain(task -> matching.rank(conn, task, radius, limit, only, true, false)
                                .chain(copy -> matching.rank(conn, task, radius, limit, only, false, false)
                                        .chain(tables -> reference.rank(conn, task, radius, limit, only)
                                                .map(slow -> List.of(copy, tables, slow))))))
                .await().atMost(Duration.ofSeconds(30));
        String what = "task " + taskId + ", radius " + radius + ", limit " + limit + ", person " + only;
        assertEquals(all.get(2), all.get(0), what + " (copy)");
        assertEquals(all.get(2), all.get(1), what + " (tables)");
        return all.get(0).size();
    }

    /** The people around {@code here} (within 3 km), with skills, certificates, availability and ledger entries. */
    private List<Long> generate(double[] here, String marker) {
        List<Long> ids = new ArrayList<>();
        for (Row r : fixtures.sql("""
                INSERT INTO volunteer (name, community_id, home, categories, monthly_hours_cap, availability)
                SELECT $1 || g, $2, ST_Project(ST_SetSRID(ST_MakePoint($4, $3), 4326)::geography, random() * 3000, radians(random() * 360)),
                       '{VOLUNTEER}', (ARRAY[1, 2, 3, 4, 8, 20, 40, 300])[1 + floor(random() * 8)::int], 'generated'
                  FROM generate_series(1, $5) g
                RETURNING id""", marker, COMMUNITY, here[0], here[1], PEOPLE)) {
            ids.add(r.getLong(0));
        }
        Long[] people = ids.toArray(Long[]::new);
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        // One to three skills each; certificates expiring from 100 days ago to 400 days ahead. (The person's
        // id in the random expressions makes PostgreSQL draw them per person, not once for everyone.)
        fixtures.sql("""
                INSERT INTO volunteer_skill_held (volunteer_id, skill_code, certificate_number, certificate_expires, home, community_id)
                SELECT v.id, s.code, CASE WHEN s.certificate_required THEN 'REF-' || v.id END,
                       CASE WHEN s.certificate_required THEN $2::date - 100 + floor(random() * 500)::int END, v.home, v.community_id
                  FROM volunteer v CROSS JOIN LATERAL generate_series(1, 1 + floor(random() * 3)::int + 0 * v.id::int) k
                  CROSS JOIN LATERAL (SELECT (ARRAY['ELDER_VISIT', 'PATROL', 'MEDIC', 'NURSE', 'CLEANING'])[1 + floor(random() * 5)::int + 0 * k] AS code) pick
                  JOIN volunteer_skill s ON s.code = pick.code
                 WHERE v.id = ANY ($1)
                ON CONFLICT DO NOTHING""", people, today);
        // Nought to three weekly intervals, some running past midnight (close up to 2880), overlaps allowed.
        fixtures.sql("""
                INSERT INTO volunteer_availability (volunteer_id, day, open_minute, close_minute)
                SELECT v.id, floor(random() * 7)::int, o.open, least(2880, o.open + 30 * (1 + floor(random() * 40)::int))
                  FROM volunteer v CROSS JOIN LATERAL generate_series(1, floor(random() * 4)::int + 0 * v.id::int) k
                  CROSS JOIN LATERAL (SELECT 30 * floor(random() * 48)::int + k - k AS open) o
                 WHERE v.id = ANY ($1)""", (Object) people);
        // Ledger entries for about half: from 200 days ago to 40 days ahead, a few negative corrections.
        fixtures.sql("""
                INSERT INTO service_hours_entry (volunteer_id, kind, minutes, reason, served_on)
                SELECT v.id, 'CORRECTION', CASE WHEN random() < 0.1 THEN -60 ELSE 30 + floor(random() * 600)::int END, '参照历史',
                       $2::date - 200 + floor(random() * 240)::int
                  FROM volunteer v CROSS JOIN LATERAL generate_series(1, floor(random() * 4)::int + 0 * v.id::int) k
                 WHERE v.id = ANY ($1) AND random() < 0.6""", people, today);
        return ids;
    }

    private long task(double[] here, OffsetDateTime start, String skills, String match, String visibility) {
        return fixtures.count("""
                INSERT INTO volunteer_task (community_id, street_id, kind, title, required_skills, skills_match, starts_at, ends_at, place,
                                            headcount, visibility, check_in_code, created_by)
                SELECT c.id, c.street_id, 'OTHER', '参照任务', $2::text[], $3, $4, $4 + interval '2 hours',
                       ST_SetSRID(ST_MakePoint($6, $5), 4326)::geography, 50, $7, '0000', (SELECT min(id) FROM account)
                  FROM community c WHERE c.id = $1 RETURNING id""", COMMUNITY, skills, match, start, here[0], here[1], visibility);
    }

    /**
     * History and plans: past tasks with completed and no-show bookings; future tasks in and out of
     * the tasks' month, some overlapping them, with accepted, invited and declined bookings; and
     * people already on the matched tasks.
     */
    private void bookings(List<Long> people, List<Long> tasks, OffsetDateTime morning, OffsetDateTime afterMidnight) {
        Long[] ids = people.toArray(Long[]::new);
        List<Long> others = new ArrayList<>();
        OffsetDateTime[] starts = {
            morning.minusDays(40), morning.minusDays(10), morning.minusDays(120),               // past
            morning.plusHours(1), morning.plusHours(6), afterMidnight.minusHours(1),           // overlapping some tasks
            morning.plusDays(2), morning.plusDays(9), morning.plusDays(40), morning.minusDays(2)};  // same month or not
        for (OffsetDateTime start : starts) {
            others.add(fixtures.count("""
                    INSERT INTO volunteer_task (community_id, street_id, kind, title, starts_at, ends_at, place, headcount, visibility,
                                                check_in_code, created_by)
                    SELECT c.id, c.street_id, 'PATROL', '参照其他任务', $2, $2 + interval '2 hours', c.centre, 500, 'COMMUNITY', '0000',
                           (SELECT min(id) FROM account)
                      FROM community c WHERE c.id = $1 RETURNING id""", COMMUNITY, start));
        }
        String[] statuses = {"COMPLETED", "NO_SHOW", "NO_SHOW", "ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED", "INVITED", "DECLINED", "SHORT"};
        for (int i = 0; i < others.size(); i++) {
            // The exclusion constraint skips people already actively booked at an overlapping time.
            fixtures.sql("""
                    INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period)
                    SELECT t.id, v, CASE WHEN random() < 0.5 THEN $3 ELSE (ARRAY['ACCEPTED', 'NO_SHOW', 'INVITED', 'DECLINED', 'COMPLETED'])[1 + floor(random() * 5)::int] END,
                           'SIGN_UP', t.period
                      FROM volunteer_task t, unnest($2::bigint[]) v
                     WHERE t.id = $1 AND random() < 0.25
                    ON CONFLICT DO NOTHING""", others.get(i), ids, statuses[i]);
        }
        for (long taskId : tasks) {
            fixtures.sql("""
                    INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period)
                    SELECT t.id, v, (ARRAY['INVITED', 'DECLINED', 'ACCEPTED'])[1 + floor(random() * 3)::int], 'INVITATION', t.period
                      FROM volunteer_task t, unnest($2::bigint[]) v
                     WHERE t.id = $1 AND random() < 0.04
                    ON CONFLICT DO NOTHING""", taskId, ids);
        }
    }
}
