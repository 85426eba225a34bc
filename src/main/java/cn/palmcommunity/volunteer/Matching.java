package cn.palmcommunity.volunteer;

import cn.palmcommunity.calendar.ChinaTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranks the people for a task in one SQL statement. Hard rules first (the skills the task needs,
 * with valid certificates; who may see the task; not already on it; not booked at an overlapping
 * time; the monthly hours cap), then a score of five parts, each 0-1:
 * <ul>
 *   <li>skills 35%: share of the required skills held (1 when none are required);</li>
 *   <li>distance 25%: 1 at the place, falling to 0 at the search radius;</li>
 *   <li>availability 20%: share of the task window inside the person's weekly availability;</li>
 *   <li>fairness 10%: 1/(1 + hours served in the last 90 days / 10), so the less-asked come up;</li>
 *   <li>reliability 10%: 1/(1 + no-shows).</li>
 * </ul>
 * Only the {@value #NEAREST} nearest people who pass the skills and booking rules are scored:
 * the GiST index on {@code volunteer.home} finds them in distance order.
 */
@ApplicationScoped
public class Matching {

    static final int NEAREST = 500;

    private final VolunteerClock clock;

    public Matching(VolunteerClock clock) {
        this.clock = clock;
    }

    private static final String RANK = """
            WITH cand AS MATERIALIZED (
                SELECT v.id, v.name, v.community_id, v.monthly_hours_cap, v.account_id,
                       ST_Distance(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography) AS metres, sk.held
                  FROM volunteer v
                  CROSS JOIN LATERAL (
                       SELECT count(*)::int AS held
                         FROM volunteer_skill_held h JOIN volunteer_skill s ON s.code = h.skill_code
                        WHERE h.volunteer_id = v.id AND h.skill_code = ANY ($5::text[])
                          AND (NOT s.certificate_required OR h.certificate_expires >= $6)) sk
                 WHERE ST_DWithin(v.home, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4)
                   AND (cardinality($5::text[]) = 0 OR CASE WHEN $7 = 'ALL' THEN sk.held = cardinality($5::text[]) ELSE sk.held > 0 END)
                   AND ($8 = 'PUBLIC' OR ($8 = 'COMMUNITY' AND v.community_id = $9)
                        OR ($8 = 'STREET' AND v.community_id IN (SELECT c.id FROM community c WHERE c.street_id = $10)))
                   AND NOT EXISTS (SELECT 1 FROM volunteer_booking b WHERE b.task_id = $1 AND b.volunteer_id = v.id)
                   AND NOT EXISTS (SELECT 1 FROM volunteer_booking b
                                    WHERE b.volunteer_id = v.id AND b.active AND b.period && tstzrange($11, $12))
                   AND ($20::bigint IS NULL OR v.id = $20)
                 ORDER BY v.home <-> ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography
                 LIMIT 500),
            scored AS (
                SELECT c.*,
                       coalesce((SELECT sum(e.minutes) FROM service_hours_entry e
                                  WHERE e.volunteer_id = c.id AND e.served_on >= $13), 0)::float8 AS minutes90,
                       coalesce((SELECT sum(e.minutes) FROM service_hours_entry e
                                  WHERE e.volunteer_id = c.id AND e.served_on >= $14 AND e.served_on < $15), 0)::float8
                       + coalesce((SELECT sum(extract(epoch FROM upper(b.period) - lower(b.period)) / 60) FROM volunteer_booking b
                                    WHERE b.volunteer_id = c.id AND b.status = 'ACCEPTED'
                                      AND lower(b.period) >= $16 AND lower(b.period) < $17), 0)::float8 AS month_minutes,
                       (SELECT count(*) FROM volunteer_booking b WHERE b.volunteer_id = c.id AND b.status = 'NO_SHOW')::int AS no_shows,
                       coalesce((SELECT sum(greatest(0, least(a.close_minute - CASE WHEN a.day = $18 THEN 0 ELSE 1440 END, $22)
                                                    - greatest(a.open_minute - CASE WHEN a.day = $18 THEN 0 ELSE 1440 END, $21)))
                                   FROM volunteer_availability a
                                  WHERE a.volunteer_id = c.id AND (a.day = $18 OR (a.day = $19 AND a.close_minute > 1440))), 0)::float8
                           AS available_minutes
                  FROM cand c),
            parts AS (
                SELECT s.*,
                       CASE WHEN cardinality($5::text[]) = 0 THEN 1.0 ELSE s.held::float8 / cardinality($5::text[]) END::float8 AS p_skills,
                       greatest(0.0, 1.0 - s.metres / $4::float8)::float8 AS p_distance,
                       least(1.0, s.available_minutes / $23::float8)::float8 AS p_availability,
                       (1.0 / (1.0 + s.minutes90 / 600.0))::float8 AS p_fairness,
                       (1.0 / (1.0 + s.no_shows))::float8 AS p_reliability
                  FROM scored s
                 WHERE s.month_minutes + $23 <= s.monthly_hours_cap * 60)
            SELECT p.*, round((0.35 * p_skills + 0.25 * p_distance + 0.2 * p_availability + 0.1 * p_fairness
                               + 0.1 * p_reliability)::numeric, 4)::float8 AS score
              FROM parts p
             ORDER BY score DESC, metres, id
             LIMIT $24""";

    /** The best {@code limit} candidates within {@code radiusMetres}; only {@code onlyVolunteer} when it is set. */
    public Uni<List<VolunteerViews.Candidate>> rank(SqlClient client, VolunteerTasks.TaskRow task, int radiusMetres, int limit,
                                                   Long onlyVolunteer) {
        ZonedDateTime start = task.startsAt().atZoneSameInstant(ChinaTime.CHINA);
        ZonedDateTime end = task.endsAt().atZoneSameInstant(ChinaTime.CHINA);
        int dow = start.getDayOfWeek().getValue() - 1;
        int startMinute = start.getHour() * 60 + start.getMinute();
        int endMinute = (int) Math.min(2880, startMinute + task.minutes());
        ZonedDateTime monthStart = start.toLocalDate().withDayOfMonth(1).atStartOfDay(ChinaTime.CHINA);
        ZonedDateTime nextMonth = monthStart.plusMonths(1);
        LocalDate today = LocalDate.ofInstant(clock.now(), ChinaTime.CHINA);
        Object[] values = {
            task.id(), task.place().latitude(), task.place().longitude(), radiusMetres,
            task.requiredSkills().toArray(String[]::new), end.toLocalDate(), task.skillsMatch(),
            task.visibility(), task.communityId(), task.streetId(), task.startsAt(), task.endsAt(),
            today.minusDays(90), monthStart.toLocalDate(), nextMonth.toLocalDate(),
            monthStart.toOffsetDateTime(), nextMonth.toOffsetDateTime(), dow, (dow + 6) % 7,
            onlyVolunteer, startMinute, endMinute, (int) Math.max(1, task.minutes()), limit};
        return client.preparedQuery(RANK).execute(Tuple.from(values)).map(rows -> {
            List<VolunteerViews.Candidate> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(candidate(r));
            }
            return out;
        });
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
