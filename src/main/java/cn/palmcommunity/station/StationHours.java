package cn.palmcommunity.station;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.calendar.WorkingCalendar;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.hours.Closure;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.hours.OpeningHoursJson;
import cn.palmcommunity.hours.OpeningStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opening hours as stations use them: read from a request (OSM string or structured JSON), parsed
 * back from storage (cached: most stations share a handful of strings), and evaluated at a moment
 * in China time with the working calendar's public holidays.
 */
@ApplicationScoped
public class StationHours {

    /** Distinct stored strings are few; the bound only guards against a pathological import. */
    private static final int CACHE_LIMIT = 10_000;

    private final WorkingCalendar calendar;
    private final Clock clock;
    private final Map<String, OpeningHours> parsed = new ConcurrentHashMap<>();

    public StationHours(WorkingCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The hours a client sent: exactly one of the OSM string ({@code osmField}) and the structured
     * form ({@code jsonField}). A syntax error is a 422 naming the field, with the parser's position.
     */
    public OpeningHours fromInput(String osm, OpeningHoursJson json, String osmField, String jsonField) {
        boolean hasOsm = osm != null && !osm.isBlank();
        if (hasOsm && json != null) {
            throw ProblemException.invalidField(jsonField, "give either " + osmField + " or " + jsonField + ", not both");
        }
        if (!hasOsm && json == null) {
            throw ProblemException.invalidField(osmField, "is required (OpenStreetMap opening_hours, e.g. \"Mo-Fr 08:00-18:00; PH off\"), or send "
                    + jsonField);
        }
        if (json != null) {
            return OpeningHours.fromJson(json, jsonField);
        }
        return parseOsm(osm.strip(), osmField);
    }

    /** An OSM string from a request or a file; a syntax error names {@code field} and the position. */
    public OpeningHours parseOsm(String osm, String field) {
        return OpeningHours.parseOsm(osm, field);
    }

    /** Hours as stored (written by {@link OpeningHours#toOsm()}, so they parse). */
    public OpeningHours stored(String osm) {
        OpeningHours hours = parsed.get(osm);
        if (hours == null) {
            hours = OpeningHours.parseOsm(osm);
            if (parsed.size() >= CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(osm, hours);
        }
        return hours;
    }

    public OpeningStatus status(String osm, Instant at, List<Closure> closures) {
        return status(stored(osm), at, closures);
    }

    /** Changes whenever the working calendar (and so any public-holiday answer) may have changed. */
    public long calendarVersion() {
        return calendar.version();
    }

    public OpeningStatus status(OpeningHours hours, Instant at, List<Closure> closures) {
        return hours.statusAt(at.atZone(ChinaTime.CHINA), calendar::isPublicHoliday, closures);
    }

    /**
     * The moment as the SQL open-now filter needs it: today's and yesterday's weekday (0 = Monday)
     * and whether each is a public holiday, and the minute of the day, all in China time.
     */
    public Moment moment(Instant at) {
        ZonedDateTime local = at.atZone(ChinaTime.CHINA);
        LocalDate today = local.toLocalDate();
        LocalDate yesterday = today.minusDays(1);
        return new Moment(at, local.getHour() * 60 + local.getMinute(),
                today.getDayOfWeek().getValue() - 1, calendar.isPublicHoliday(today),
                yesterday.getDayOfWeek().getValue() - 1, calendar.isPublicHoliday(yesterday));
    }

    /** Closures as the search and detail queries return them: a JSON array of {id, from, until, reason}. */
    static List<Closure> closures(Object json) {
        JsonArray array = asArray(json);
        List<Closure> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject c = array.getJsonObject(i);
            out.add(new Closure(instant(c.getString("from")), instant(c.getString("until")), c.getString("reason")));
        }
        return out;
    }

    static JsonArray asArray(Object json) {
        if (json == null) {
            return new JsonArray();
        }
        if (json instanceof JsonArray array) {
            return array;
        }
        return new JsonArray(json.toString());
    }

    static Instant instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    /** Now, in the terms of station_hours (see {@link cn.palmcommunity.hours.WeeklyRow}). */
    public record Moment(Instant at, int minuteOfDay, int today, boolean todayHoliday, int yesterday, boolean yesterdayHoliday) {
    }
}
