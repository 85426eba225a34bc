package cn.palmcommunity.volunteer;

import cn.palmcommunity.calendar.ChinaTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranks the people for a task: from the in-memory copy when it is current ({@link MatchingCopy},
 * {@link CopyRanking}), otherwise in one SQL statement; both give the same answer. Hard rules first
 * (the skills the task needs, with valid certificates; who may see the task; not already on it; not
 * booked at an overlapping time; the monthly hours cap), then a score of five parts, each 0-1:
 * <ul>
 *   <li>skills 35%: share of the required skills held (1 when none are required);</li>
 *   <li>distance 25%: 1 at the place, falling to 0 at the search radius;</li>
 *   <li>availability 20%: share of the task window inside the person's weekly availability;</li>
 *   <li>fairness 10%: 1/(1 + hours served in the last 90 days / 10), so the less-asked come up;</li>
 *   <li>reliability 10%: 1/(1 + no-shows).</li>
 * </ul>
 * Only the {@value #NEAREST} nearest people who pass the skills and booking rules (looked for
 * among the 200 nearest with the skills) are scored. A
 * task with required skills starts from the people holding them (the skill index); one without
 * starts from the nearest people (the GiST index on {@code volunteer.home}, in distance order).
 * Distances are on the sphere: a district is small enough that the spheroid adds nothing.
 */
@ApplicationScoped
public class Matching {

    static final int NEAREST = 120;

    /** How many of the nearest people with the skill {@code closest} keeps. */
    static final int CLOSEST = 200;

    private final Clock clock;
    private final MatchingCopy copy;

    public Matching(Clock clock, MatchingCopy copy) {
        this.clock = clock;
        this.copy = copy;
    }

    /** The required skills a person holds, counting certified skills only while the certificate is valid on the task's last day. */
    private static final String HELD = """
            SELECT h.volunteer_id, count(*)::int AS held
              FROM volunteer_skill_held h JOIN volunteer_skill s ON s.code = h.skill_code
             WHERE h.skill_code = ANY ($5::text[]) AND (NOT s.certificate_required OR h.certificate_expires >= $6)""";

    /**
     * Where candidates come from: five variants, each its own prepared statement so that each
     * keeps a plan that suits it (one statement with all three branches gets a generic plan that is
     * slow for some of them). With required skills: the people holding them (skill index), then the
     * radius; without: the nearest people (GiST index on home, in distance order); for one named
     * person (an invitation): just them.
     */
    private static final String NEAR_SKILLED = "WITH near AS MATERIALIZED (\n"
            + "SELECT v.id, v.community_id, sk.held, ST_Distance(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, false) AS metres\n"
            + "  FROM (" + HELD + "\n GROUP BY h.volunteer_id HAVING $7 = 'ANY' OR count(*) = cardinality($5::text[])) sk\n"
            // OFFSET 0 keeps this a lookup by primary key per skilled person, whatever the estimates say.
            + "  CROSS JOIN LATERAL (SELECT * FROM volunteer p WHERE p.id = sk.volunteer_id OFFSET 0) v\n"
            + " WHERE ST_DWithin(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4, false) AND $20::bigint IS NULL),\n";
    /**
     * One required skill (the usual task): the nearest holders with a valid certificate, straight from
     * the GiST index on (skill_code, home) in distance order. The skill row carries the home and
     * community, so the person's own row is read only for the 120 who are scored.
     */
    private static final String NEAR_ONE_SKILL = """
            WITH near AS MATERIALIZED (
                SELECT h.volunteer_id AS id, h.community_id, 1 AS held,
                       ST_Distance(h.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, false) AS metres
                  FROM volunteer_skill_held h
                 WHERE h.skill_code = ($5::text[])[1]
                   AND ST_DWithin(h.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4, false)
                   AND (h.certificate_expires >= $6
                        OR NOT (SELECT s.certificate_required FROM volunteer_skill s WHERE s.code = ($5::text[])[1]))
                   AND ($8 = 'PUBLIC' OR ($8 = 'COMMUNITY' AND h.community_id = $9)
                        OR ($8 = 'STREET' AND h.community_id IN (SELECT c.id FROM community c WHERE c.street_id = $10)))
                   AND $20::bigint IS NULL AND $7::text IS NOT NULL
                 ORDER BY h.home <-> ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography
                 LIMIT 300),
            """;
    /** No skills needed, a community task: the community's people (community index). */
    private static final String NEAR_COMMUNITY = """
            WITH near AS MATERIALIZED (
                SELECT v.id, v.community_id, 0 AS held,
                       ST_Distance(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, false) AS metres
                  FROM volunteer v
                 WHERE v.community_id = $9 AND ST_DWithin(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4, false)
                   AND $20::bigint IS NULL AND $6::date IS NOT NULL AND $7::text IS NOT NULL),
            """;
    /** No skills needed, a street or public task: the nearest thousand people (GiST index on home, in distance order). */
    private static final String NEAR_WIDE = """
            WITH near AS MATERIALIZED (
                SELECT v.id, v.community_id, 0 AS held,
                       ST_Distance(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, false) AS metres
                  FROM volunteer v
                 WHERE ST_DWithin(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4, false)
                   AND $20::bigint IS NULL AND $6::date IS NOT NULL AND $7::text IS NOT NULL
                   AND ($8 = 'PUBLIC' OR v.community_id IN (SELECT c.id FROM community c WHERE c.street_id = $10))
                 ORDER BY v.home <-> ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography
                 LIMIT 1000),
            """;
    private static final String NEAR_ONE = "WITH near AS MATERIALIZED (\n"
            + "SELECT v.id, v.community_id, coalesce(sk.held, 0) AS held, ST_Distance(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, false) AS metres\n"
            + "  FROM volunteer v LEFT JOIN LATERAL (" + HELD + " AND h.volunteer_id = v.id\n GROUP BY h.volunteer_id\n"
            + "        HAVING $7 = 'ANY' OR count(*) = cardinality($5::text[])) sk ON true\n"
            + " WHERE v.id = $20 AND ST_DWithin(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4, false)),\n";

    /** The nearest who pass the visibility and booking rules, numbered nearest first. */
    private static final String CANDIDATES = """
            closest AS MATERIALIZED (
                SELECT n.id, n.community_id, n.held, n.metres
                  FROM near n
                 -- Every variant of near has already kept to the radius and measured the distance.
                 WHERE (cardinality($5::text[]) = 0 OR n.held > 0)
                   AND ($8 = 'PUBLIC' OR ($8 = 'COMMUNITY' AND n.community_id = $9)
                        OR ($8 = 'STREET' AND n.community_id IN (SELECT c.id FROM community c WHERE c.street_id = $10)))
                 ORDER BY metres, n.id
                 LIMIT 200),
            cand AS MATERIALIZED (
                SELECT c.*, row_number() OVER (ORDER BY c.metres, c.id) AS nth FROM closest c
                 -- Two sets read once each and hashed, rather than two probes per person: the people
                 -- already on the task (task index), and the people booked at an overlapping time (the
                 -- active bookings' period index; as many as are busy then, whatever their history).
                 WHERE c.id NOT IN (SELECT b.volunteer_id FROM volunteer_booking b WHERE b.task_id = $1)
                   AND c.id NOT IN (SELECT b.volunteer_id FROM volunteer_booking b WHERE b.active AND b.period && tstzrange($11, $12))
                 ORDER BY c.metres, c.id
                 LIMIT 120),
""";

    /** How many of the nearest candidates are always scored; the rest only if they could still make the page. */
    static final int SCORED_FIRST = 40;

    /** The score of the parts; the same expression with 1.0 for the three parts not yet known is an upper bound. */
    private static final String SCORE = "round((0.35 * %s + 0.25 * %s + 0.2 * %s + 0.1 * %s + 0.1 * %s)::numeric, 4)::float8";

    private static final String SCORED = """
            -- Materialized (the figures are worked out once, not again for the rows returned). The
            -- person's row carries the weekly availability, the no-shows and the latest dates of their
            -- ledger entries and accepted bookings (V19, kept by triggers), so the ledger and the
            -- bookings are probed only for people who can have rows in the windows asked about; the
            -- ledger gives both its sums in one pass over the person's entries.
            scored_{part} AS MATERIALIZED (
                SELECT c.*, p.name, p.monthly_hours_cap, p.account_id, hrs.minutes90,
                       hrs.month_hours + bk.month_booked AS month_minutes, p.no_shows,
                       coalesce((SELECT sum(greatest(0, least(a.close_minute - CASE WHEN a.day = $18 THEN 0 ELSE 1440 END, $22)
                                                    - greatest(a.open_minute - CASE WHEN a.day = $18 THEN 0 ELSE 1440 END, $21)))
                                   FROM unnest(p.weekly_days, p.weekly_opens, p.weekly_closes) AS a (day, open_minute, close_minute)
                                  WHERE a.day = $18 OR (a.day = $19 AND a.close_minute > 1440)), 0)::float8
                           AS available_minutes
                  FROM {from} c
                  -- The person's row only now, for those scored (the home and community come with the skill row).
                  CROSS JOIN LATERAL (SELECT * FROM volunteer v WHERE v.id = c.id OFFSET 0) p
                  CROSS JOIN LATERAL (
                      SELECT coalesce(sum(e.minutes) FILTER (WHERE e.served_on >= $13), 0)::float8 AS minutes90,
                             coalesce(sum(e.minutes) FILTER (WHERE e.served_on >= $14 AND e.served_on < $15), 0)::float8 AS month_hours
                        FROM service_hours_entry e
                       WHERE p.last_served_on >= least($13::date, $14::date)
                         AND e.volunteer_id = c.id AND e.served_on >= least($13::date, $14::date)) hrs
                  CROSS JOIN LATERAL (
                      SELECT coalesce(sum(extract(epoch FROM upper(b.period) - lower(b.period)) / 60), 0)::float8 AS month_booked
                        FROM volunteer_booking b
                       WHERE p.last_accepted_start >= $16
                         AND b.volunteer_id = c.id AND b.status = 'ACCEPTED' AND lower(b.period) >= $16 AND lower(b.period) < $17) bk),
""";

    private static final String PARTS = """
                parts_{part} AS (
                    SELECT s.*,
                           CASE WHEN cardinality($5::text[]) = 0 THEN 1.0 ELSE s.held::float8 / cardinality($5::text[]) END::float8 AS p_skills,
                           greatest(0.0, 1.0 - s.metres / $4::float8)::float8 AS p_distance,
                           least(1.0, s.available_minutes / $23::float8)::float8 AS p_availability,
                           (1.0 / (1.0 + s.minutes90 / 600.0))::float8 AS p_fairness,
                           (1.0 / (1.0 + s.no_shows))::float8 AS p_reliability
                      FROM scored_{part} s
                     WHERE s.month_minutes + $23 <= s.monthly_hours_cap * 60),
            """;

    /**
     * Scoring reads each person's row, ledger and bookings, so it is done in two rounds: the
     * {@value #SCORED_FIRST} nearest candidates first; then the others only where their upper bound
     * (their known skills and distance parts, and full marks for the rest) reaches the page's last
     * score so far. Anyone left out scores below {@code limit} people already scored, so the answer is
     * the one scoring all 120 would give.
     */
    private static final String RANK_TAIL = CANDIDATES
            + SCORED.replace("{part}", "near").replace("{from}", "(SELECT * FROM cand WHERE nth <= " + SCORED_FIRST + ")")
            + PARTS.replace("{part}", "near")
            + "    bar AS (SELECT coalesce((SELECT " + SCORE.formatted("p_skills", "p_distance", "p_availability", "p_fairness", "p_reliability")
            + " AS score FROM parts_near ORDER BY 1 DESC LIMIT 1 OFFSET ($24 - 1)), -1.0) AS score),\n"
            + SCORED.replace("{part}", "far").replace("{from}", "(SELECT cand.* FROM cand, bar WHERE cand.nth > " + SCORED_FIRST + " AND "
                    + SCORE.formatted("CASE WHEN cardinality($5::text[]) = 0 THEN 1.0 ELSE cand.held::float8 / cardinality($5::text[]) END::float8",
                            "greatest(0.0, 1.0 - cand.metres / $4::float8)::float8", "1.0::float8", "1.0::float8", "1.0::float8")
                    + " >= bar.score)")
            + PARTS.replace("{part}", "far").stripTrailing().replaceAll(",$", "") + "\n"
            + """
            SELECT p.*, """ + SCORE.formatted("p_skills", "p_distance", "p_availability", "p_fairness", "p_reliability") + " AS score" + """
              FROM (SELECT * FROM parts_near UNION ALL SELECT * FROM parts_far) p
             ORDER BY score DESC, metres, id
             LIMIT $24""";

    private static final String RANK_SKILLED = NEAR_SKILLED + RANK_TAIL;
    private static final String RANK_ONE_SKILL = NEAR_ONE_SKILL + RANK_TAIL;
    private static final String RANK_COMMUNITY = NEAR_COMMUNITY + RANK_TAIL;
    private static final String RANK_WIDE = NEAR_WIDE + RANK_TAIL;
    private static final String RANK_ONE = NEAR_ONE + RANK_TAIL;

    /**
     * The best {@code limit} candidates within {@code radiusMetres}; only {@code onlyVolunteer} when it
     * is set. Call it inside a transaction.
     */
    public Uni<List<VolunteerViews.Candidate>> rank(SqlClient client, VolunteerTasks.TaskRow task, int radiusMetres, int limit,
                                                   Long onlyVolunteer) {
        return rank(client, task, radiusMetres, limit, onlyVolunteer, true, false);
    }

    /**
     * As above; {@code fromCopy} false leaves the copy aside (tests compare both ways);
     * {@code genericConnection} when the connection keeps generic plans itself ({@link MatchingConnections}),
     * outside a transaction. The copy answers when it holds the windows the task needs and nothing it
     * depends on was committed since it was read (one small query); otherwise the statement does.
     */
    Uni<List<VolunteerViews.Candidate>> rank(SqlClient client, VolunteerTasks.TaskRow task, int radiusMetres, int limit,
                                             Long onlyVolunteer, boolean fromCopy, boolean genericConnection) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ChinaTime.CHINA);
        LocalDate monthStart = task.startsAt().atZoneSameInstant(ChinaTime.CHINA).toLocalDate().withDayOfMonth(1);
        MatchingCopy.Copy held = onlyVolunteer == null && fromCopy ? copy.current() : null;
        if (held == null || !held.covers(today, monthStart)) {
            return inTables(client, task, radiusMetres, limit, onlyVolunteer, genericConnection, today);
        }
        return copy.stillCurrent(client, held).chain(same -> {
            if (same) {
                return Uni.createFrom().item(() -> fromCopy(held, task, radiusMetres, limit, today));
            }
            if (!genericConnection) {
                // Inside a transaction (perhaps one that changed bookings itself): the tables, now.
                copy.catchUp();
                return inTables(client, task, radiusMetres, limit, null, false, today);
            }
            // The read-only listing waits for the changed people to be read again (milliseconds),
            // unless that takes longer than ranking on the tables would.
            return copy.readAfterNow()
                    .map(fresh -> fresh.covers(today, monthStart) ? fromCopy(fresh, task, radiusMetres, limit, today) : null)
                    .ifNoItem().after(CATCH_UP_WAIT).recoverWithItem(() -> null)
                    .onFailure().recoverWithNull()
                    .chain(ranked -> ranked != null ? Uni.createFrom().item(ranked)
                            : inTables(client, task, radiusMetres, limit, null, true, today));
        });
    }

    /** How long the listing waits for the copy to catch up before the tables answer instead. */
    private static final Duration CATCH_UP_WAIT = Duration.ofMillis(300);

    private List<VolunteerViews.Candidate> fromCopy(MatchingCopy.Copy from, VolunteerTasks.TaskRow task, int radiusMetres, int limit,
                                                    LocalDate today) {
        copy.answered();
        return CopyRanking.rank(from, task, radiusMetres, limit, today);
    }

    private Uni<List<VolunteerViews.Candidate>> inTables(SqlClient client, VolunteerTasks.TaskRow task, int radiusMetres, int limit,
                                                         Long onlyVolunteer, boolean genericConnection, LocalDate today) {
        ZonedDateTime start = task.startsAt().atZoneSameInstant(ChinaTime.CHINA);
        ZonedDateTime end = task.endsAt().atZoneSameInstant(ChinaTime.CHINA);
        int dow = start.getDayOfWeek().getValue() - 1;
        int startMinute = start.getHour() * 60 + start.getMinute();
        int endMinute = (int) Math.min(2880, startMinute + task.minutes());
        ZonedDateTime monthStart = start.toLocalDate().withDayOfMonth(1).atStartOfDay(ChinaTime.CHINA);
        ZonedDateTime nextMonth = monthStart.plusMonths(1);
        boolean oneSkill = onlyVolunteer == null && task.requiredSkills().size() == 1;
        Tuple arguments = Tuple.from(new Object[] {
            task.id(), task.place().latitude(), task.place().longitude(), radiusMetres,
            task.requiredSkills().toArray(String[]::new), end.toLocalDate(), task.skillsMatch(),
            task.visibility(), task.communityId(), task.streetId(), task.startsAt(), task.endsAt(),
            today.minusDays(90), monthStart.toLocalDate(), nextMonth.toLocalDate(),
            monthStart.toOffsetDateTime(), nextMonth.toOffsetDateTime(), dow, (dow + 6) % 7,
            onlyVolunteer, startMinute, endMinute, (int) Math.max(1, task.minutes()), limit});
        String sql = onlyVolunteer != null ? RANK_ONE
                : oneSkill ? RANK_ONE_SKILL
                : !task.requiredSkills().isEmpty() ? RANK_SKILLED
                : "COMMUNITY".equals(task.visibility()) ? RANK_COMMUNITY : RANK_WIDE;
        // Planning this statement costs more than running it; each variant's generic plan is sound
        // (see above), so skip the custom plans PostgreSQL would otherwise keep making. SET LOCAL: the
        // callers run it in a transaction, and the setting ends with it.
        if (genericConnection) {
            return client.preparedQuery(sql).execute(arguments).map(Matching::read);
        }
        return client.query("SET LOCAL plan_cache_mode = force_generic_plan").execute()
                .chain(() -> client.preparedQuery(sql).execute(arguments)).map(Matching::read);
    }

    private static List<VolunteerViews.Candidate> read(RowSet<Row> rows) {
        List<VolunteerViews.Candidate> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(candidate(r));
        }
        return out;
    }

    private static VolunteerViews.Candidate candidate(Row r) {
        return new VolunteerViews.Candidate(r.getLong("id"), r.getString("name"), r.getLong("community_id"), r.getDouble("score"),
                new VolunteerViews.Breakdown(round(r.getDouble("p_skills")), round(r.getDouble("p_distance")),
                        round(r.getDouble("p_availability")), round(r.getDouble("p_fairness")), round(r.getDouble("p_reliability"))),
                (int) Math.round(r.getDouble("metres")), Math.round(r.getDouble("minutes90") / 6.0) / 10.0, r.getInteger("no_shows"),
                Math.round(r.getDouble("month_minutes") / 6.0) / 10.0, r.getLong("account_id") != null);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
