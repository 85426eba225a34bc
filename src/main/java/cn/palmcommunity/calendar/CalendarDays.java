package cn.palmcommunity.calendar;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Staff maintenance of the holiday table. Each change records who made it and when, and reloads
 * {@link WorkingCalendar} before answering, so the next deadline computed here already uses it.
 */
@ApplicationScoped
public class CalendarDays {

    private static final String COLUMNS = "day, kind, name, updated_by, updated_at";

    private final Pool pool;
    private final WorkingCalendar calendar;

    public CalendarDays(Pool pool, WorkingCalendar calendar) {
        this.pool = pool;
        this.calendar = calendar;
    }

    public Uni<List<CalendarDayView>> year(int year) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM calendar_day WHERE day >= $1 AND day < $2 ORDER BY day")
                .execute(Tuple.of(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1)))
                .map(rows -> {
                    List<CalendarDayView> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(view(row));
                    }
                    return out;
                });
    }

    /** Sets or replaces the exception for one day. */
    public Uni<CalendarDayView> put(LocalDate day, CalendarDayChange change, long accountId) {
        if (change.kind() == CalendarDayKind.WORKDAY && day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
            return Uni.createFrom().failure(ProblemException.invalidField("kind",
                    "WORKDAY is only for a Saturday or Sunday worked to make up for a holiday; " + day + " is a " + day.getDayOfWeek()));
        }
        return pool.preparedQuery("""
                INSERT INTO calendar_day (day, kind, name, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
                ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
                                                updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
                RETURNING day, kind, name, updated_by, updated_at""")
                .execute(Tuple.of(day, change.kind().name(), change.name().strip(), accountId))
                .map(rows -> view(rows.iterator().next()))
                .call(calendar::reload);
    }

    public Uni<Void> delete(LocalDate day) {
        return pool.preparedQuery("DELETE FROM calendar_day WHERE day = $1").execute(Tuple.of(day))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.notFound("Calendar exception", day);
                    }
                })
                .call(calendar::reload)
                .replaceWithVoid();
    }

    private static CalendarDayView view(Row row) {
        return new CalendarDayView(row.getLocalDate("day"), CalendarDayKind.valueOf(row.getString("kind")), row.getString("name"),
                row.getLong("updated_by"), row.getOffsetDateTime("updated_at"));
    }
}
