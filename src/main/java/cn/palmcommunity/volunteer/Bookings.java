package cn.palmcommunity.volunteer;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.notification.NotificationRequest;
import cn.palmcommunity.notification.Notifications;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invitations, answers and sign-ups. Every change that takes or frees a place locks the task row
 * first ({@code FOR UPDATE}), so concurrent sign-ups queue on it and {@code booked} never passes
 * the headcount (the table's CHECK backs that up). Overlapping bookings of one person are refused
 * by the exclusion constraint on {@code volunteer_booking}, whatever the order of requests.
 */
@ApplicationScoped
public class Bookings {

    /** How far from the place invitations look for people, in metres. */
    static final int INVITATION_RADIUS = 10_000;
    private static final String OVERLAP_CONSTRAINT = "volunteer_booking_no_overlap";

    private final Pool pool;
    private final Matching matching;
    private final Notifications notifications;
    private final Volunteers volunteers;
    private final Clock clock;
    private final MatchingConnections connections;

    public Bookings(Pool pool, Matching matching, Notifications notifications, Volunteers volunteers, Clock clock,
                    MatchingConnections connections) {
        this.connections = connections;
        this.pool = pool;
        this.matching = matching;
        this.notifications = notifications;
        this.volunteers = volunteers;
        this.clock = clock;
    }

    static final String SELECT_BOOKING = """
            SELECT b.*, v.name AS volunteer_name, v.account_id, t.community_id, t.title, t.starts_at, t.ends_at
              FROM volunteer_booking b JOIN volunteer v ON v.id = b.volunteer_id JOIN volunteer_task t ON t.id = b.task_id""";

    static VolunteerViews.Booking view(Row r) {
        return new VolunteerViews.Booking(r.getLong("id"), r.getLong("task_id"), r.getLong("volunteer_id"), r.getString("volunteer_name"),
                r.getString("status"), r.getString("source"), r.getString("title"), china(r.getOffsetDateTime("starts_at")),
                china(r.getOffsetDateTime("ends_at")), china(r.getOffsetDateTime("checked_in_at")),
                china(r.getOffsetDateTime("checked_out_at")), r.getInteger("credited_minutes"));
    }

    static OffsetDateTime china(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.ofHours(8));
    }

    /** A booking the caller may act on: their own, or one on a task of their communities (staff). 404 otherwise. */
    static Uni<Row> loadFor(SqlClient client, long bookingId, DataScope scope) {
        return client.preparedQuery(SELECT_BOOKING + " WHERE b.id = $1").execute(Tuple.of(bookingId)).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("Booking", bookingId);
            }
            Row r = rows.iterator().next();
            boolean allowed = scope.role().isStaff() ? scope.covers(r.getLong("community_id"))
                    : r.getLong("account_id") != null && r.getLong("account_id") == scope.accountId();
            if (!allowed) {
                throw ProblemException.notFound("Booking", bookingId);
            }
            return r;
        });
    }

    static Uni<VolunteerViews.Booking> reload(SqlClient client, long bookingId) {
        return client.preparedQuery(SELECT_BOOKING + " WHERE b.id = $1").execute(Tuple.of(bookingId))
                .map(rows -> view(rows.iterator().next()));
    }

    public Uni<List<VolunteerViews.Candidate>> candidates(long taskId, int radiusMetres, int limit, DataScope scope) {
        // Read only: no transaction, on the connections that keep generic plans.
        return connections.pool().withConnection(conn -> VolunteerTasks.loadForStaff(conn, taskId, scope, false)
                .chain(task -> matching.rank(conn, task, radiusMetres, limit, null, true, true)));
    }

    /** Invites the people named, or the best-ranked for every free place when none are named. */
    public Uni<VolunteerViews.InvitationOutcome> invite(long taskId, VolunteerCommands.Invitations request, DataScope scope) {
        List<Long> named = request == null || request.volunteerIds() == null ? List.of() : request.volunteerIds().stream().distinct().toList();
        return pool.withTransaction(conn -> VolunteerTasks.loadForStaff(conn, taskId, scope, true).chain(task -> {
            requireOpenBeforeStart(task);
            Map<Long, String> skipped = new LinkedHashMap<>();
            Uni<List<VolunteerViews.Booking>> invited = named.isEmpty() ? fill(conn, task)
                    : Multi.createFrom().iterable(named).onItem().transformToUniAndConcatenate(volunteerId ->
                            inviteOne(conn, task, volunteerId, skipped)).collect().asList()
                            .map(list -> list.stream().filter(b -> b != null).toList());
            return invited.chain(list -> VolunteerTasks.load(conn, taskId, false)
                    .map(after -> new VolunteerViews.InvitationOutcome(list, skipped, after.headcount() - after.booked())));
        }));
    }

    private Uni<VolunteerViews.Booking> inviteOne(SqlClient conn, VolunteerTasks.TaskRow task, long volunteerId, Map<Long, String> skipped) {
        return VolunteerTasks.load(conn, task.id(), false).chain(now -> {
            if (now.booked() >= now.headcount()) {
                skipped.put(volunteerId, "no places left");
                return Uni.createFrom().nullItem();
            }
            return matching.rank(conn, now, 1_000_000, 1, volunteerId).chain(found -> {
                if (found.isEmpty()) {
                    skipped.put(volunteerId, "not eligible: unknown, already on the task, booked at the same time, "
                            + "missing a required skill or valid certificate, over the monthly cap, or outside the task's visibility");
                    return Uni.createFrom().nullItem();
                }
                return insertInvitations(conn, now, found).map(list -> list.get(0));
            });
        });
    }

    /** Invites the next best people for the free places of a task whose row the caller holds locked. */
    Uni<List<VolunteerViews.Booking>> fill(SqlClient conn, VolunteerTasks.TaskRow task) {
        int free = task.headcount() - task.booked();
        if (free <= 0 || !"OPEN".equals(task.status()) || !task.startsAt().toInstant().isAfter(clock.instant())) {
            return Uni.createFrom().item(List.of());
        }
        return matching.rank(conn, task, INVITATION_RADIUS, free, null).chain(found -> insertInvitations(conn, task, found));
    }

    private Uni<List<VolunteerViews.Booking>> insertInvitations(SqlClient conn, VolunteerTasks.TaskRow task, List<VolunteerViews.Candidate> people) {
        if (people.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long[] ids = people.stream().map(VolunteerViews.Candidate::volunteerId).toArray(Long[]::new);
        Double[] scores = people.stream().map(VolunteerViews.Candidate::score).toArray(Double[]::new);
        return conn.preparedQuery("""
                        WITH added AS (
                            INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period, score, invited_at)
                            SELECT $1, p.id, 'INVITED', 'INVITATION', tstzrange($3, $4), p.score, $5
                              FROM unnest($2::bigint[], $6::float8[]) AS p (id, score)
                            RETURNING id),
                        counted AS (UPDATE volunteer_task SET booked = booked + (SELECT count(*) FROM added) WHERE id = $1)
                        SELECT id FROM added""")
                .execute(Tuple.from(new Object[] {task.id(), ids, task.startsAt(), task.endsAt(), clock.instant().atOffset(ZoneOffset.UTC), scores}))
                .chain(rows -> {
                    List<Long> bookingIds = new ArrayList<>();
                    rows.forEach(r -> bookingIds.add(r.getLong(0)));
                    return Multi.createFrom().iterable(bookingIds).onItem()
                            .transformToUniAndConcatenate(id -> reload(conn, id).call(b -> tell(conn, b, task)))
                            .collect().asList();
                });
    }

    /** The invitation reaches people with the mini program; workers phone the others. */
    private Uni<Void> tell(SqlClient conn, VolunteerViews.Booking booking, VolunteerTasks.TaskRow task) {
        return conn.preparedQuery("SELECT account_id FROM volunteer WHERE id = $1").execute(Tuple.of(booking.volunteerId()))
                .chain(rows -> {
                    Long account = rows.iterator().next().getLong(0);
                    if (account == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return notifications.notify(conn, NotificationRequest.to(account, "VOLUNTEER_INVITATION", "志愿服务邀请：" + task.title())
                                    .withBody(booking.startsAt().toLocalDateTime().toString().replace('T', ' ') + " 起，"
                                            + (task.placeName() == null ? "详见任务" : task.placeName()))
                                    .withLink("pages/volunteer/booking?id=" + booking.id())
                                    .withData(Map.of("bookingId", booking.id(), "taskId", task.id()))
                                    .withDedupeKey("volunteer-booking:" + booking.id() + ":invited"))
                            .replaceWithVoid();
                });
    }

    /** Accepts an invitation: the person is booked, unless already booked at an overlapping time (409). */
    public Uni<VolunteerViews.Booking> accept(long bookingId, DataScope scope) {
        return pool.withTransaction(conn -> loadFor(conn, bookingId, scope)
                .chain(b -> VolunteerTasks.load(conn, b.getLong("task_id"), true).chain(task -> {
                    requireOpenBeforeStart(task);
                    return conn.preparedQuery("UPDATE volunteer_booking SET status = 'ACCEPTED', answered_at = $2 WHERE id = $1 AND status = 'INVITED'")
                            .execute(Tuple.of(bookingId, clock.instant().atOffset(ZoneOffset.UTC)))
                            .onFailure(Bookings::isOverlap).transform(e -> overlapProblem())
                            .map(rows -> {
                                if (rows.rowCount() == 0) {
                                    throw ProblemException.conflict("booking-not-invited",
                                            "Booking " + bookingId + " is " + b.getString("status") + "; only an invitation can be accepted");
                                }
                                return rows;
                            });
                }))
                .chain(() -> reload(conn, bookingId)));
    }

    /**
     * Declines an invitation or withdraws from a booking before the task starts. The place is freed
     * and, in the same transaction, offered to the next best candidates.
     */
    public Uni<VolunteerViews.Booking> decline(long bookingId, DataScope scope) {
        return pool.withTransaction(conn -> loadFor(conn, bookingId, scope)
                .chain(b -> VolunteerTasks.load(conn, b.getLong("task_id"), true).chain(task -> {
                    requireOpenBeforeStart(task);
                    return conn.preparedQuery("""
                                    WITH declined AS (
                                        UPDATE volunteer_booking SET status = 'DECLINED', answered_at = $2
                                         WHERE id = $1 AND status IN ('INVITED', 'ACCEPTED') RETURNING task_id)
                                    UPDATE volunteer_task t SET booked = booked - 1 FROM declined d WHERE t.id = d.task_id""")
                            .execute(Tuple.of(bookingId, clock.instant().atOffset(ZoneOffset.UTC)))
                            .chain(rows -> {
                                if (rows.rowCount() == 0) {
                                    throw ProblemException.conflict("booking-not-open",
                                            "Booking " + bookingId + " is " + b.getString("status") + "; it cannot be declined");
                                }
                                return VolunteerTasks.load(conn, task.id(), false).chain(after -> fill(conn, after));
                            });
                }))
                .chain(() -> reload(conn, bookingId)));
    }

    /** A volunteer signs up for an open task they can see. */
    public Uni<VolunteerViews.Booking> signUp(long taskId, DataScope scope) {
        return pool.withTransaction(conn -> volunteers.ownId(conn, scope).chain(volunteerId ->
                VolunteerTasks.load(conn, taskId, true).chain(task -> VolunteerTasks.visibleTo(conn, task, volunteerId).chain(visible -> {
                    if (!visible) {
                        throw ProblemException.notFound("Task", taskId);
                    }
                    requireOpenBeforeStart(task);
                    return eligibility(conn, task, volunteerId);
                }).chain(task2 -> conn.preparedQuery("""
                                WITH added AS (
                                    INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period, answered_at)
                                    VALUES ($1, $2, 'ACCEPTED', 'SIGN_UP', tstzrange($3, $4), $5) RETURNING id),
                                counted AS (UPDATE volunteer_task SET booked = booked + 1 WHERE id = $1)
                                SELECT id FROM added""")
                        .execute(Tuple.from(new Object[] {taskId, volunteerId, task.startsAt(), task.endsAt(), clock.instant().atOffset(ZoneOffset.UTC)}))
                        .onFailure(Bookings::isOverlap).transform(e -> overlapProblem())
                        .chain(rows -> reload(conn, rows.iterator().next().getLong(0)))))));
    }

    /** The reasons a sign-up is refused, most specific first; the task itself when none applies. */
    private static Uni<VolunteerTasks.TaskRow> eligibility(SqlClient conn, VolunteerTasks.TaskRow task, long volunteerId) {
        java.time.ZonedDateTime start = task.startsAt().atZoneSameInstant(cn.palmcommunity.calendar.ChinaTime.CHINA);
        java.time.ZonedDateTime monthStart = start.toLocalDate().withDayOfMonth(1).atStartOfDay(cn.palmcommunity.calendar.ChinaTime.CHINA);
        return conn.preparedQuery("""
                        SELECT EXISTS (SELECT 1 FROM volunteer_booking b WHERE b.task_id = $1 AND b.volunteer_id = $2) AS already,
                               (SELECT count(*) FROM volunteer_skill_held h JOIN volunteer_skill s ON s.code = h.skill_code
                                 WHERE h.volunteer_id = $2 AND h.skill_code = ANY ($3::text[])
                                   AND (NOT s.certificate_required OR h.certificate_expires >= $4))::int AS held,
                               EXISTS (SELECT 1 FROM volunteer_booking b WHERE b.volunteer_id = $2 AND b.active
                                          AND b.period && tstzrange($5, $6)) AS overlapping,
                               coalesce((SELECT sum(e.minutes) FROM service_hours_entry e
                                          WHERE e.volunteer_id = $2 AND e.served_on >= $7 AND e.served_on < $8), 0)::float8
                               + coalesce((SELECT sum(extract(epoch FROM upper(b.period) - lower(b.period)) / 60) FROM volunteer_booking b
                                            WHERE b.volunteer_id = $2 AND b.status = 'ACCEPTED'
                                              AND lower(b.period) >= $9 AND lower(b.period) < $10), 0)::float8 AS month_minutes,
                               (SELECT monthly_hours_cap FROM volunteer WHERE id = $2) AS cap""")
                .execute(Tuple.from(new Object[] {task.id(), volunteerId, task.requiredSkills().toArray(String[]::new),
                    task.endsAt().atZoneSameInstant(cn.palmcommunity.calendar.ChinaTime.CHINA).toLocalDate(), task.startsAt(), task.endsAt(),
                    monthStart.toLocalDate(), monthStart.plusMonths(1).toLocalDate(), monthStart.toOffsetDateTime(),
                    monthStart.plusMonths(1).toOffsetDateTime()}))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getBoolean("already")) {
                        throw ProblemException.conflict("already-signed-up", "You are already on task " + task.id());
                    }
                    int required = task.requiredSkills().size();
                    int held = r.getInteger("held");
                    if (required > 0 && ("ALL".equals(task.skillsMatch()) ? held < required : held == 0)) {
                        throw ProblemException.conflict("skills-missing", "Task " + task.id() + " needs "
                                + ("ALL".equals(task.skillsMatch()) ? "all of " : "one of ") + task.requiredSkills()
                                + " (with a valid certificate where one is required)");
                    }
                    if (r.getBoolean("overlapping")) {
                        throw overlapProblem();
                    }
                    if (r.getDouble("month_minutes") + task.minutes() > r.getInteger("cap") * 60.0) {
                        throw ProblemException.conflict("monthly-cap", "This task would take you over your monthly cap of "
                                + r.getInteger("cap") + " hours");
                    }
                    if (task.booked() >= task.headcount()) {
                        throw ProblemException.conflict("task-full", "Task " + task.id() + " has all " + task.headcount() + " places taken");
                    }
                    return task;
                });
    }

    public Uni<List<VolunteerViews.Booking>> mine(DataScope scope) {
        return pool.withConnection(conn -> volunteers.ownId(conn, scope).chain(id -> conn.preparedQuery(
                        SELECT_BOOKING + " WHERE b.volunteer_id = $1 ORDER BY t.starts_at DESC, b.id DESC LIMIT 200")
                .execute(Tuple.of(id))))
                .map(Bookings::views);
    }

    public Uni<List<VolunteerViews.Booking>> ofTask(long taskId, DataScope scope) {
        return pool.withConnection(conn -> VolunteerTasks.loadForStaff(conn, taskId, scope, false).chain(task -> conn.preparedQuery(
                        SELECT_BOOKING + " WHERE b.task_id = $1 ORDER BY b.id").execute(Tuple.of(taskId))))
                .map(Bookings::views);
    }

    private static List<VolunteerViews.Booking> views(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<VolunteerViews.Booking> out = new ArrayList<>();
        rows.forEach(r -> out.add(view(r)));
        return out;
    }

    private void requireOpenBeforeStart(VolunteerTasks.TaskRow task) {
        if (!"OPEN".equals(task.status())) {
            throw ProblemException.conflict("task-not-open", "Task " + task.id() + " is " + task.status());
        }
        if (!task.startsAt().toInstant().isAfter(clock.instant())) {
            throw ProblemException.conflict("task-started", "Task " + task.id() + " has already started");
        }
    }

    static boolean isOverlap(Throwable e) {
        return e instanceof PgException pg && "23P01".equals(pg.getSqlState()) && pg.getMessage() != null
                && pg.getMessage().contains(OVERLAP_CONSTRAINT);
    }

    static ProblemException overlapProblem() {
        return ProblemException.conflict("overlapping-booking", "You are already booked on another task at an overlapping time");
    }
}
