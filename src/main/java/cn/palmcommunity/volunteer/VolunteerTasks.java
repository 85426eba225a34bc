package cn.palmcommunity.volunteer;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tasks workers create, and the open ones volunteers browse near them. */
@ApplicationScoped
public class VolunteerTasks {

    /** Longer tasks are split into days by the worker: a booking blocks the person for the whole window. */
    static final Duration LONGEST_TASK = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final Skills skills;
    private final Clock clock;

    public VolunteerTasks(Pool pool, Skills skills, Clock clock) {
        this.pool = pool;
        this.skills = skills;
        this.clock = clock;
    }

    /** A task row as the rules need it. */
    public record TaskRow(long id, long communityId, long streetId, String kind, String title, String description, List<String> requiredSkills,
                          String skillsMatch, OffsetDateTime startsAt, OffsetDateTime endsAt, GeoPoint place, String placeName,
                          int headcount, int booked, String visibility, String status, int checkInRadiusMetres, String checkInCode) {

        static TaskRow of(Row r) {
            return new TaskRow(r.getLong("id"), r.getLong("community_id"), r.getLong("street_id"), r.getString("kind"), r.getString("title"),
                    r.getString("description"), Arrays.asList(r.getArrayOfStrings("required_skills")), r.getString("skills_match"),
                    r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"), new GeoPoint(r.getDouble("lat"), r.getDouble("lon")),
                    r.getString("place_name"), r.getInteger("headcount"), r.getInteger("booked"), r.getString("visibility"),
                    r.getString("status"), r.getInteger("check_in_radius_m"), r.getString("check_in_code"));
        }

        long minutes() {
            return Duration.between(startsAt, endsAt).toMinutes();
        }

        VolunteerViews.Task view(boolean staff) {
            return new VolunteerViews.Task(id, communityId, kind, title, description, requiredSkills, skillsMatch,
                    startsAt.withOffsetSameInstant(ZoneOffset.ofHours(8)), endsAt.withOffsetSameInstant(ZoneOffset.ofHours(8)), place,
                    placeName, headcount, booked, visibility, status, checkInRadiusMetres, staff ? checkInCode : null);
        }
    }

    static final String SELECT_TASK = "SELECT t.*, ST_Y(t.place::geometry) AS lat, ST_X(t.place::geometry) AS lon FROM volunteer_task t WHERE t.id = $1";

    /** The task, locked for the rest of the transaction when {@code lock}; 404 when it does not exist. */
    static Uni<TaskRow> load(SqlClient client, long id, boolean lock) {
        return client.preparedQuery(SELECT_TASK + (lock ? " FOR UPDATE OF t" : "")).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("Task", id);
            }
            return TaskRow.of(rows.iterator().next());
        });
    }

    /** The task when the caller's scope covers its community; 404 otherwise. */
    static Uni<TaskRow> loadForStaff(SqlClient client, long id, DataScope scope, boolean lock) {
        return load(client, id, lock).map(task -> {
            if (!scope.covers(task.communityId())) {
                throw ProblemException.notFound("Task", id);
            }
            return task;
        });
    }

    public Uni<VolunteerViews.Task> create(VolunteerCommands.NewTask request, DataScope scope) {
        scope.requireCommunity(request.communityId());
        List<String> required = request.requiredSkills() == null ? List.of() : request.requiredSkills();
        Skills.requireDistinct(required, "requiredSkills");
        Instant now = clock.instant();
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw ProblemException.invalidField("endsAt", "must be after startsAt");
        }
        if (Duration.between(request.startsAt(), request.endsAt()).compareTo(LONGEST_TASK) > 0) {
            throw ProblemException.invalidField("endsAt", "a task lasts at most 24 hours; split longer ones into days");
        }
        if (!request.endsAt().toInstant().isAfter(now)) {
            throw ProblemException.invalidField("endsAt", "is in the past");
        }
        GeoPoint place = request.place().wgs84();
        String code = "%04d".formatted(RANDOM.nextInt(10_000));
        return pool.withTransaction(conn -> skills.requireKnown(conn, required, "requiredSkills")
                .chain(known -> conn.preparedQuery("""
                                INSERT INTO volunteer_task (community_id, street_id, kind, title, description, required_skills, skills_match,
                                    starts_at, ends_at, place, place_name, headcount, visibility, check_in_code, check_in_radius_m, created_by)
                                SELECT c.id, c.street_id, $2, $3, $4, $5, $6, $7, $8, ST_SetSRID(ST_MakePoint($10, $9), 4326)::geography,
                                       $11, $12, $13, $14, $15, $16
                                  FROM community c WHERE c.id = $1
                                RETURNING id""")
                        .execute(Tuple.from(new Object[] {request.communityId(), request.kind(), request.title().strip(),
                            Volunteers.blankToNull(request.description()), required.toArray(String[]::new),
                            request.skillsMatch() == null ? "ALL" : request.skillsMatch(), request.startsAt(), request.endsAt(),
                            place.latitude(), place.longitude(), Volunteers.blankToNull(request.placeName()), request.headcount(),
                            request.visibility(), code, request.checkInRadiusMetres() == null ? 300 : request.checkInRadiusMetres(),
                            scope.accountId()})))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("communityId", "no community " + request.communityId());
                    }
                    return rows.iterator().next().getLong(0);
                })
                .chain(id -> load(conn, id, false)))
                .map(task -> task.view(true));
    }

    public Uni<VolunteerViews.Task> getForStaff(long id, DataScope scope) {
        return pool.withConnection(conn -> loadForStaff(conn, id, scope, false)).map(task -> task.view(true));
    }

    /**
     * Whether {@code volunteerId} may see the task: public ones everyone, street ones people of the
     * street's communities, community ones people of the community.
     */
    static Uni<Boolean> visibleTo(SqlClient client, TaskRow task, long volunteerId) {
        return client.preparedQuery("""
                        SELECT $2 = 'PUBLIC' OR ($2 = 'COMMUNITY' AND v.community_id = $3) OR ($2 = 'STREET' AND c.street_id = $4)
                          FROM volunteer v JOIN community c ON c.id = v.community_id WHERE v.id = $1""")
                .execute(Tuple.of(volunteerId, task.visibility(), task.communityId(), task.streetId()))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
    }

    /** Open tasks with free places near a point that the volunteer may see, nearest first. */
    public Uni<List<VolunteerViews.NearbyTask>> nearby(GeoPoint point, int radiusMetres, long volunteerId) {
        return pool.preparedQuery("""
                        WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography AS g),
                             me AS (SELECT v.community_id, c.street_id FROM volunteer v JOIN community c ON c.id = v.community_id WHERE v.id = $4)
                        SELECT t.id, t.kind, t.title, t.starts_at, t.ends_at, t.place_name, t.headcount - t.booked AS left_places,
                               t.required_skills, ST_Y(t.place::geometry) AS lat, ST_X(t.place::geometry) AS lon,
                               ST_Distance(t.place, here.g) AS metres
                          FROM volunteer_task t, here, me
                         WHERE t.status = 'OPEN' AND ST_DWithin(t.place, here.g, $3) AND t.starts_at > $5 AND t.booked < t.headcount
                           AND (t.visibility = 'PUBLIC' OR (t.visibility = 'COMMUNITY' AND t.community_id = me.community_id)
                                OR (t.visibility = 'STREET' AND t.street_id = me.street_id))
                         ORDER BY t.place <-> here.g, t.id
                         LIMIT 50""")
                .execute(Tuple.of(point.latitude(), point.longitude(), radiusMetres, volunteerId, clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<VolunteerViews.NearbyTask> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new VolunteerViews.NearbyTask(r.getLong("id"), r.getString("kind"), r.getString("title"),
                                r.getOffsetDateTime("starts_at").withOffsetSameInstant(ZoneOffset.ofHours(8)),
                                r.getOffsetDateTime("ends_at").withOffsetSameInstant(ZoneOffset.ofHours(8)), r.getString("place_name"),
                                new GeoPoint(r.getDouble("lat"), r.getDouble("lon")), (int) Math.round(r.getDouble("metres")),
                                r.getInteger("left_places"), Arrays.asList(r.getArrayOfStrings("required_skills"))));
                    }
                    return out;
                });
    }
}
