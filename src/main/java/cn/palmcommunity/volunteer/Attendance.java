package cn.palmcommunity.volunteer;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.Distances;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Check-in and check-out at the place: a position within the task's radius (GCJ-02 accepted), or
 * the code the task lead shows. Hours count only when the time between check-in and check-out
 * covers at least 60% of the task window; they go to the time bank at check-out.
 */
@ApplicationScoped
public class Attendance {

    /** Check-in opens this long before the task starts. */
    static final Duration EARLY_CHECK_IN = Duration.ofMinutes(30);
    /** Check-out is accepted up to this long after the task ends. */
    static final Duration LATE_CHECK_OUT = Duration.ofMinutes(60);
    /** The share of the task window check-in to check-out must cover for the hours to count. */
    static final double COVERAGE_NEEDED = 0.6;

    private final Pool pool;
    private final Clock clock;

    public Attendance(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<VolunteerViews.Booking> checkIn(long bookingId, VolunteerCommands.Attendance proof, DataScope scope) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> Bookings.loadFor(conn, bookingId, scope)
                .chain(b -> VolunteerTasks.load(conn, b.getLong("task_id"), false).chain(task -> {
                    requireBooked(b);
                    if (b.getOffsetDateTime("checked_in_at") != null) {
                        throw ProblemException.conflict("already-checked-in", "Booking " + bookingId + " is checked in already");
                    }
                    Instant opens = task.startsAt().toInstant().minus(EARLY_CHECK_IN);
                    if (now.isBefore(opens) || !now.isBefore(task.endsAt().toInstant())) {
                        throw ProblemException.invalidField("time", "check-in is open from " + china(opens) + " to " + china(task.endsAt().toInstant()));
                    }
                    String method = requireAtPlace(task, proof);
                    return conn.preparedQuery("UPDATE volunteer_booking SET checked_in_at = $2, check_in_method = $3 WHERE id = $1")
                            .execute(Tuple.of(bookingId, now.atOffset(ZoneOffset.UTC), method));
                }))
                .chain(() -> Bookings.reload(conn, bookingId)));
    }

    public Uni<VolunteerViews.Booking> checkOut(long bookingId, VolunteerCommands.Attendance proof, DataScope scope) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> Bookings.loadFor(conn, bookingId, scope)
                .chain(b -> VolunteerTasks.load(conn, b.getLong("task_id"), false).chain(task -> {
                    requireBooked(b);
                    if (b.getOffsetDateTime("checked_in_at") == null) {
                        throw ProblemException.conflict("not-checked-in", "Booking " + bookingId + " has no check-in");
                    }
                    Instant closes = task.endsAt().toInstant().plus(LATE_CHECK_OUT);
                    if (now.isAfter(closes)) {
                        throw ProblemException.invalidField("time", "check-out closed at " + china(closes));
                    }
                    String method = requireAtPlace(task, proof);
                    Instant in = b.getOffsetDateTime("checked_in_at").toInstant();
                    long covered = overlapMinutes(in, now, task.startsAt().toInstant(), task.endsAt().toInstant());
                    boolean counts = covered >= Math.ceil(COVERAGE_NEEDED * task.minutes());
                    return conn.preparedQuery("""
                                    WITH done AS (
                                        UPDATE volunteer_booking SET checked_out_at = $2, check_out_method = $3, status = $4, credited_minutes = $5
                                         WHERE id = $1 RETURNING id, volunteer_id, task_id)
                                    INSERT INTO service_hours_entry (volunteer_id, kind, minutes, task_id, booking_id, served_on)
                                    SELECT volunteer_id, 'SERVICE', $5, task_id, id, $6 FROM done WHERE $5 > 0""")
                            .execute(Tuple.from(new Object[] {bookingId, now.atOffset(ZoneOffset.UTC), method, counts ? "COMPLETED" : "SHORT",
                                counts ? (int) covered : 0, LocalDate.ofInstant(task.startsAt().toInstant(), ChinaTime.CHINA)}));
                }))
                .chain(() -> Bookings.reload(conn, bookingId)));
    }

    /** Minutes of [in, out] inside [start, end]. */
    static long overlapMinutes(Instant in, Instant out, Instant start, Instant end) {
        Instant from = in.isAfter(start) ? in : start;
        Instant to = out.isBefore(end) ? out : end;
        return to.isAfter(from) ? Duration.between(from, to).toMinutes() : 0;
    }

    private static void requireBooked(Row b) {
        if (!"ACCEPTED".equals(b.getString("status"))) {
            throw ProblemException.conflict("booking-not-accepted", "Booking " + b.getLong("id") + " is " + b.getString("status"));
        }
    }

    /** POSITION or CODE, whichever proof was given and holds; a 422 naming the field otherwise. */
    private static String requireAtPlace(VolunteerTasks.TaskRow task, VolunteerCommands.Attendance proof) {
        if (proof == null || (proof.position() == null && (proof.code() == null || proof.code().isBlank()))) {
            throw ProblemException.invalidField("position", "give your position at the place, or the code the task lead shows");
        }
        if (proof.code() != null && !proof.code().isBlank()) {
            if (!task.checkInCode().equals(proof.code().strip())) {
                throw ProblemException.invalidField("code", "is not this task's code");
            }
            return "CODE";
        }
        GeoPoint here = proof.position().wgs84();
        double metres = Distances.haversineMetres(here, task.place());
        if (metres > task.checkInRadiusMetres()) {
            throw ProblemException.invalidField("position", "is " + Math.round(metres) + " m from the place; it must be within "
                    + task.checkInRadiusMetres() + " m");
        }
        return "POSITION";
    }

    private static String china(Instant t) {
        return t.atZone(ChinaTime.CHINA).toLocalDateTime().toString().replace('T', ' ');
    }

    /**
     * Settles tasks whose window (plus the check-out grace) has passed, or one task being closed:
     * booked people who never checked in are no-shows, those who checked in but never out get no
     * hours (SHORT), unanswered invitations expire. Answers how many bookings it settled.
     */
    public Uni<Integer> settle(SqlClient client, Long taskId) {
        Instant now = clock.instant();
        return client.preparedQuery("""
                        UPDATE volunteer_booking b
                           SET status = CASE WHEN b.status = 'INVITED' THEN 'EXPIRED'
                                             WHEN b.checked_in_at IS NULL THEN 'NO_SHOW' ELSE 'SHORT' END,
                               credited_minutes = CASE WHEN b.status = 'ACCEPTED' THEN 0 END
                          FROM volunteer_task t
                         WHERE t.id = b.task_id AND b.status IN ('INVITED', 'ACCEPTED')
                           AND (CASE WHEN $1::bigint IS NULL THEN t.ends_at < $2 ELSE t.id = $1 END)""")
                .execute(Tuple.of(taskId, now.minus(LATE_CHECK_OUT).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** Closes a task that has started: settles its bookings and takes it off the open list. */
    public Uni<VolunteerViews.Task> close(long taskId, DataScope scope) {
        return pool.withTransaction(conn -> VolunteerTasks.loadForStaff(conn, taskId, scope, true).chain(task -> {
            if (!"OPEN".equals(task.status())) {
                throw ProblemException.conflict("task-not-open", "Task " + taskId + " is " + task.status());
            }
            if (task.startsAt().toInstant().isAfter(clock.instant())) {
                throw ProblemException.conflict("task-not-started", "Task " + taskId + " has not started; it can be closed once it has");
            }
            return settle(conn, taskId)
                    .chain(() -> conn.preparedQuery("UPDATE volunteer_task SET status = 'CLOSED', closed_at = $2 WHERE id = $1")
                            .execute(Tuple.of(taskId, clock.instant().atOffset(ZoneOffset.UTC))))
                    .chain(() -> VolunteerTasks.load(conn, taskId, false));
        })).map(task -> task.view(true));
    }
}
