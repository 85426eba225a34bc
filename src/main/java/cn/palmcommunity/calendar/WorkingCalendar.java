package cn.palmcommunity.calendar;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which days are working days in mainland China: Monday to Friday, except the public holidays and
 * make-up working weekends that the State Council publishes each year (table {@code calendar_day}).
 * Deadlines such as "handled within 3 working days" are computed here.
 *
 * <p>The table is tiny, so it is held as an immutable in-memory snapshot and every function below
 * is pure and synchronous; callers on the event loop may use them freely. The snapshot is loaded at
 * start-up, reloaded after every change made through the API on this instance, and refreshed every
 * few minutes so that other instances pick up a change too.
 */
@ApplicationScoped
public class WorkingCalendar {

    private final Pool pool;
    private volatile Map<LocalDate, CalendarDayKind> exceptions;
    /** Counts the snapshots swapped in, so that a cache of answers derived from it knows when to start over. */
    private final AtomicLong version = new AtomicLong();

    public WorkingCalendar(Pool pool) {
        this.pool = pool;
    }

    /** Start-up waits for the first load (on the main thread, never the event loop), so nobody sees an empty calendar. */
    void onStart(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(60));
    }

    @Scheduled(every = "5m", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

    /** Reads the whole table into a fresh snapshot and swaps it in. */
    public Uni<Void> reload() {
        return pool.query("SELECT day, kind FROM calendar_day").execute()
                .invoke(rows -> {
                    Map<LocalDate, CalendarDayKind> loaded = new HashMap<>();
                    for (Row row : rows) {
                        loaded.put(row.getLocalDate("day"), CalendarDayKind.valueOf(row.getString("kind")));
                    }
                    exceptions = Map.copyOf(loaded);
                    version.incrementAndGet();
                })
                .replaceWithVoid();
    }

    /** Changes whenever the calendar is read again (whether or not a day changed). */
    public long version() {
        return version.get();
    }

    public boolean isWorkingDay(LocalDate day) {
        return isWorkingDay(snapshot(), day);
    }

    /** Whether {@code day} is a public holiday or a weekday given off for one (kind HOLIDAY in the table). */
    public boolean isPublicHoliday(LocalDate day) {
        return snapshot().get(day) == CalendarDayKind.HOLIDAY;
    }

    /**
     * The {@code days}-th working day after {@code start} (before it when negative); {@code start}
     * itself when zero. Whether {@code start} is a working day does not matter: 2025-01-27 + 1 is
     * 2025-02-05, the first working day after the Spring Festival.
     */
    public LocalDate addWorkingDays(LocalDate start, int days) {
        Map<LocalDate, CalendarDayKind> snapshot = snapshot();
        int step = days >= 0 ? 1 : -1;
        long left = Math.abs((long) days);
        LocalDate day = start;
        while (left > 0) {
            day = day.plusDays(step);
            if (isWorkingDay(snapshot, day)) {
                left--;
            }
        }
        return day;
    }

    /** The same local time (Beijing time) on the {@code days}-th working day after the instant's day. */
    public Instant addWorkingDays(Instant start, int days) {
        ZonedDateTime local = start.atZone(ChinaTime.CHINA);
        return local.with(addWorkingDays(local.toLocalDate(), days)).toInstant();
    }

    /**
     * The instant at which {@code hours} working hours have passed since {@code start}. A working day
     * counts all 24 of its hours and a day off none: petition time limits run around the clock on
     * working days (hotline and grid duty do not stop at 17:00) but stand still over weekends and
     * holidays. Starting on a day off, the count begins at the next working day's midnight; zero hours
     * is {@code start} itself.
     */
    public Instant addWorkingHours(Instant start, long hours) {
        if (hours < 0) {
            throw new IllegalArgumentException("hours must not be negative: " + hours);
        }
        if (hours == 0) {
            return start;
        }
        Map<LocalDate, CalendarDayKind> snapshot = snapshot();
        Duration left = Duration.ofHours(hours);
        ZonedDateTime t = start.atZone(ChinaTime.CHINA);
        while (true) {
            ZonedDateTime nextMidnight = t.toLocalDate().plusDays(1).atStartOfDay(ChinaTime.CHINA);
            if (isWorkingDay(snapshot, t.toLocalDate())) {
                Duration restOfDay = Duration.between(t, nextMidnight);
                if (left.compareTo(restOfDay) <= 0) {
                    return t.plus(left).toInstant();
                }
                left = left.minus(restOfDay);
            }
            t = nextMidnight;
        }
    }

    /**
     * Working days after {@code from} up to and including {@code to}; negative when {@code to} is
     * earlier. The counterpart of {@link #addWorkingDays(LocalDate, int)}: for a working-day
     * {@code to} = addWorkingDays(from, n), this answers n.
     */
    public long workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        Map<LocalDate, CalendarDayKind> snapshot = snapshot();
        long count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(snapshot, day)) {
                count++;
            }
        }
        return count;
    }

    private Map<LocalDate, CalendarDayKind> snapshot() {
        Map<LocalDate, CalendarDayKind> current = exceptions;
        if (current == null) {
            throw new IllegalStateException("The working calendar has not been loaded yet");
        }
        return current;
    }

    private static boolean isWorkingDay(Map<LocalDate, CalendarDayKind> snapshot, LocalDate day) {
        CalendarDayKind kind = snapshot.get(day);
        if (kind != null) {
            return kind == CalendarDayKind.WORKDAY;
        }
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY;
    }
}
