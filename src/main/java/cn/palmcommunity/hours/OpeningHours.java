package cn.palmcommunity.hours;

import cn.palmcommunity.error.ProblemException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When a place is open: around the clock, or weekly intervals per weekday plus a public-holiday rule.
 * Days without intervals are closed. An interval past midnight (22:00-02:00) belongs to the day it
 * opens on. Immutable; two values meaning the same week compare equal: intervals on a day are sorted
 * and overlapping or touching ones merged, and a holiday rule that changes nothing is dropped.
 *
 * <p>Read and written as the OpenStreetMap {@code opening_hours} syntax ({@link #parseOsm},
 * {@link #toOsm}) or the structured {@link OpeningHoursJson} ({@link #fromJson}, {@link #toJson});
 * flattened to {@link WeeklyRow}s for "open now" filters in SQL.
 */
public final class OpeningHours {

    /** How far {@link #statusAt} looks ahead for the next closing or opening. */
    static final Duration HORIZON = Duration.ofDays(8);

    private static final List<Interval> ALL_DAY = List.of(Interval.allDay());
    private static final OpeningHours ALWAYS = new OpeningHours(true, allDays(ALL_DAY), HolidayRule.AS_USUAL, List.of());

    private final boolean alwaysOpen;
    /** Index 0 = Monday .. 6 = Sunday; normalised, never null. */
    private final List<List<Interval>> week;
    private final HolidayRule holidayRule;
    private final List<Interval> holidayIntervals;

    private OpeningHours(boolean alwaysOpen, List<List<Interval>> week, HolidayRule holidayRule, List<Interval> holidayIntervals) {
        this.alwaysOpen = alwaysOpen;
        this.week = week;
        this.holidayRule = holidayRule;
        this.holidayIntervals = holidayIntervals;
    }

    /** Open 24/7, holidays included. */
    public static OpeningHours alwaysOpenHours() {
        return ALWAYS;
    }

    /**
     * Weekly intervals (weekdays missing from the map or with no intervals are closed) and the holiday
     * rule; {@code holidayIntervals} must be empty unless the rule is {@link HolidayRule#OWN}.
     */
    public static OpeningHours of(Map<DayOfWeek, List<Interval>> weekly, HolidayRule holidayRule, List<Interval> holidayIntervals) {
        Objects.requireNonNull(holidayRule, "holidayRule");
        List<List<Interval>> days = new ArrayList<>(7);
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(weekly.getOrDefault(day, List.of()));
        }
        List<Interval> holiday = holidayIntervals == null ? List.of() : holidayIntervals;
        if (holidayRule != HolidayRule.OWN && !holiday.isEmpty()) {
            throw new IllegalArgumentException("holiday intervals need the holiday rule OWN, not " + holidayRule);
        }
        return normalised(days, holidayRule, holiday);
    }

    /** Builds the canonical value; every way in goes through here. */
    static OpeningHours normalised(List<List<Interval>> days, HolidayRule holidayRule, List<Interval> holidayIntervals) {
        List<List<Interval>> week = new ArrayList<>(7);
        for (List<Interval> day : days) {
            week.add(merge(day));
        }
        List<Interval> holiday = merge(holidayIntervals);
        HolidayRule rule = holidayRule;
        if (rule == HolidayRule.OWN && holiday.isEmpty()) {
            rule = HolidayRule.CLOSED;
        }
        // A holiday rule that gives what every weekday gives anyway changes nothing.
        boolean sameEveryDay = week.stream().distinct().count() == 1;
        if (sameEveryDay && rule != HolidayRule.AS_USUAL && week.get(0).equals(rule == HolidayRule.CLOSED ? List.of() : holiday)) {
            rule = HolidayRule.AS_USUAL;
        }
        if (rule != HolidayRule.OWN) {
            holiday = List.of();
        }
        if (sameEveryDay && rule == HolidayRule.AS_USUAL && week.get(0).equals(ALL_DAY)) {
            return ALWAYS;
        }
        return new OpeningHours(false, List.copyOf(week), rule, holiday);
    }

    /**
     * Sorts and merges overlapping or touching intervals of one day, unless the union would be 24
     * hours or longer (other than 00:00-24:00) and so could not be written as one interval.
     */
    private static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingInt(Interval::openMinute).thenComparingInt(Interval::closeMinute));
        List<Interval> merged = new ArrayList<>();
        Interval current = null;
        for (Interval next : sorted) {
            if (current != null && next.openMinute() <= current.closeMinute()) {
                int close = Math.max(current.closeMinute(), next.closeMinute());
                int length = close - current.openMinute();
                if (length < Interval.DAY || (length == Interval.DAY && current.openMinute() == 0)) {
                    current = new Interval(current.openMinute(), close);
                    continue;
                }
            }
            if (current != null) {
                merged.add(current);
            }
            current = next;
        }
        if (current != null) {
            merged.add(current);
        }
        return List.copyOf(merged);
    }

    private static List<List<Interval>> allDays(List<Interval> intervals) {
        List<List<Interval>> days = new ArrayList<>(7);
        for (int i = 0; i < 7; i++) {
            days.add(intervals);
        }
        return List.copyOf(days);
    }

    // ---- reading and writing ----

    /**
     * Reads the supported subset of the OpenStreetMap {@code opening_hours} syntax: {@code 24/7};
     * rules separated by {@code ;} where later rules replace earlier ones for the same days; day
     * selectors {@code Mo}, {@code Mo-Fr}, {@code Fr-Mo}, {@code Mo,We,Fr}, {@code PH}; time lists
     * {@code 08:00-12:00,14:00-18:00}; {@code off}/{@code closed}. A day selector alone means all day,
     * times alone mean every day.
     *
     * @throws OpeningHoursSyntaxException naming the position of anything else
     */
    public static OpeningHours parseOsm(String text) {
        return OsmParser.parse(text);
    }

    /** {@link #parseOsm(String)} for a request field: a syntax error becomes a 422 naming {@code field}. */
    public static OpeningHours parseOsm(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField(field, "is required, e.g. Mo-Fr 08:00-18:00; PH off");
        }
        try {
            return OsmParser.parse(text);
        } catch (OpeningHoursSyntaxException e) {
            throw ProblemException.invalidField(field, e.getMessage());
        }
    }

    /**
     * The canonical {@code opening_hours} string: {@code 24/7}, or weekdays with the same intervals
     * grouped ({@code Mo-Fr 08:00-18:00; Sa 09:00-12:00}) followed by the holiday rule
     * ({@code PH off}); closed days are left out, and {@code off} stands for never open.
     */
    public String toOsm() {
        if (alwaysOpen) {
            return "24/7";
        }
        List<String> rules = new ArrayList<>();
        for (DayGroup group : dayGroups()) {
            rules.add(DayKey.osmDays(group.days()) + " " + osmIntervals(group.intervals()));
        }
        if (holidayRule == HolidayRule.CLOSED) {
            rules.add("PH off");
        } else if (holidayRule == HolidayRule.OWN) {
            rules.add("PH " + osmIntervals(holidayIntervals));
        }
        return rules.isEmpty() ? "off" : String.join("; ", rules);
    }

    private static String osmIntervals(List<Interval> intervals) {
        List<String> parts = new ArrayList<>(intervals.size());
        for (Interval interval : intervals) {
            parts.add(interval.toString());
        }
        return String.join(",", parts);
    }

    /** Validates the structured form; errors name the element, e.g. {@code openingHours.weekly[2].opens}. */
    public static OpeningHours fromJson(OpeningHoursJson json, String fieldPrefix) {
        return JsonForm.read(json, fieldPrefix);
    }

    /** The structured form: one weekly rule per interval, for the weekdays sharing the same intervals. */
    public OpeningHoursJson toJson() {
        if (alwaysOpen) {
            return new OpeningHoursJson(true, List.of(), HolidayRule.AS_USUAL.jsonName(), List.of());
        }
        List<WeeklyRuleJson> weekly = new ArrayList<>();
        for (DayGroup group : dayGroups()) {
            List<String> days = DayKey.jsonDays(group.days());
            for (Interval interval : group.intervals()) {
                weekly.add(new WeeklyRuleJson(days, interval.opensText(), interval.closesText()));
            }
        }
        List<IntervalJson> holiday = new ArrayList<>();
        for (Interval interval : holidayIntervals) {
            holiday.add(new IntervalJson(interval.opensText(), interval.closesText()));
        }
        return new OpeningHoursJson(false, List.copyOf(weekly), holidayRule.jsonName(), List.copyOf(holiday));
    }

    /** Weekdays (bit 0 = Monday) sharing the same non-empty intervals, in order of their first day. */
    record DayGroup(int days, List<Interval> intervals) {
    }

    private List<DayGroup> dayGroups() {
        List<DayGroup> groups = new ArrayList<>();
        boolean[] done = new boolean[7];
        for (int i = 0; i < 7; i++) {
            if (done[i] || week.get(i).isEmpty()) {
                continue;
            }
            int days = 0;
            for (int j = i; j < 7; j++) {
                if (week.get(j).equals(week.get(i))) {
                    days |= 1 << j;
                    done[j] = true;
                }
            }
            groups.add(new DayGroup(days, week.get(i)));
        }
        return groups;
    }

    // ---- what it is ----

    /** Open around the clock, holidays included. */
    public boolean alwaysOpen() {
        return alwaysOpen;
    }

    /** Whether public holidays follow their own rule (closed or own intervals) rather than their weekday. */
    public boolean hasHolidayRule() {
        return holidayRule != HolidayRule.AS_USUAL;
    }

    public HolidayRule holidayRule() {
        return holidayRule;
    }

    /** The intervals opening on {@code day}, sorted; empty when closed. */
    public List<Interval> intervalsOn(DayOfWeek day) {
        return week.get(day.getValue() - 1);
    }

    /** The intervals on public holidays when the rule is {@link HolidayRule#OWN}; empty otherwise. */
    public List<Interval> holidayIntervals() {
        return holidayIntervals;
    }

    /**
     * The intervals flattened for SQL (see {@link WeeklyRow} for the "open now" test): one row per
     * weekday interval, day 7 for the holiday rule's own intervals (none when closed on holidays).
     * Always open gives 00:00-24:00 on every weekday, so the same test works for it.
     */
    public List<WeeklyRow> weeklyRows() {
        List<WeeklyRow> rows = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            for (Interval interval : week.get(day)) {
                rows.add(new WeeklyRow(day, interval.openMinute(), interval.closeMinute()));
            }
        }
        for (Interval interval : holidayIntervals) {
            rows.add(new WeeklyRow(WeeklyRow.HOLIDAY, interval.openMinute(), interval.closeMinute()));
        }
        return List.copyOf(rows);
    }

    /** The intervals opening on {@code date}: the holiday rule's on a public holiday when there is one. */
    List<Interval> intervalsOn(LocalDate date, Predicate<LocalDate> isPublicHoliday) {
        if (holidayRule != HolidayRule.AS_USUAL && isPublicHoliday.test(date)) {
            return holidayIntervals;
        }
        return intervalsOn(date.getDayOfWeek());
    }

    // ---- open now ----

    /**
     * Whether the weekly hours (and holiday rule) have it open at {@code now}, temporary closures aside:
     * an interval of today covers the minute, or one of yesterday runs past midnight beyond it. This is
     * the test the SQL open-now filter makes on station_hours rows, and it agrees with
     * {@link #statusAt}'s {@code openNow} whenever no closure covers {@code now}.
     */
    public boolean openAt(ZonedDateTime now, Predicate<LocalDate> isPublicHoliday) {
        if (alwaysOpen) {
            return true;
        }
        LocalDate today = now.toLocalDate();
        int minute = now.getHour() * 60 + now.getMinute();
        for (Interval interval : intervalsOn(today, isPublicHoliday)) {
            if (interval.openMinute() <= minute && minute < interval.closeMinute()) {
                return true;
            }
        }
        for (Interval interval : intervalsOn(today.minusDays(1), isPublicHoliday)) {
            if (minute + Interval.DAY < interval.closeMinute()) {
                return true;
            }
        }
        return false;
    }


    /**
     * Whether it is open at {@code now}, evaluated in {@code now}'s zone (callers pass Asia/Shanghai),
     * and when that changes within the next 8 days. Temporary closures win over the weekly hours;
     * intervals that meet (23:00-24:00 then 00:00-06:00, or 24/7) count as one opening.
     */
    public OpeningStatus statusAt(ZonedDateTime now, Predicate<LocalDate> isPublicHoliday, List<Closure> closures) {
        List<Closure> sortedClosures = new ArrayList<>(closures == null ? List.of() : closures);
        sortedClosures.sort(Comparator.comparing(Closure::from));
        Instant at = now.toInstant();
        Instant horizon = at.plus(HORIZON);
        String closureReason = null;
        for (Closure closure : sortedClosures) {
            if (closure.covers(at)) {
                closureReason = closure.reason();
                break;
            }
        }
        List<Span> open = subtract(openSpans(now, isPublicHoliday), sortedClosures);
        for (Span span : open) {
            if (!span.from.isAfter(at) && at.isBefore(span.until)) {
                return new OpeningStatus(true, span.until.isAfter(horizon) ? null : span.until, null, null);
            }
            if (span.from.isAfter(at)) {
                return new OpeningStatus(false, null, span.from.isAfter(horizon) ? null : span.from, closureReason);
            }
        }
        return new OpeningStatus(false, null, null, closureReason);
    }

    private record Span(Instant from, Instant until) {
    }

    /**
     * The regular openings from the day before {@code now} (whose intervals may run past midnight)
     * to well past the horizon, merged where they meet or overlap.
     */
    private List<Span> openSpans(ZonedDateTime now, Predicate<LocalDate> isPublicHoliday) {
        ZoneId zone = now.getZone();
        LocalDate today = now.toLocalDate();
        List<Span> spans = new ArrayList<>();
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(HORIZON.toDays() + 1)); day = day.plusDays(1)) {
            for (Interval interval : intervalsOn(day, isPublicHoliday)) {
                spans.add(new Span(
                        day.atStartOfDay().plusMinutes(interval.openMinute()).atZone(zone).toInstant(),
                        day.atStartOfDay().plusMinutes(interval.closeMinute()).atZone(zone).toInstant()));
            }
        }
        spans.sort(Comparator.comparing(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !span.from.isAfter(last.until)) {
                if (span.until.isAfter(last.until)) {
                    merged.set(merged.size() - 1, new Span(last.from, span.until));
                }
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    private static List<Span> subtract(List<Span> spans, List<Closure> closures) {
        List<Span> result = spans;
        for (Closure closure : closures) {
            List<Span> next = new ArrayList<>(result.size() + 1);
            for (Span span : result) {
                boolean overlaps = span.until.isAfter(closure.from()) && (closure.until() == null || span.from.isBefore(closure.until()));
                if (!overlaps) {
                    next.add(span);
                    continue;
                }
                if (span.from.isBefore(closure.from())) {
                    next.add(new Span(span.from, closure.from()));
                }
                if (closure.until() != null && span.until.isAfter(closure.until())) {
                    next.add(new Span(closure.until(), span.until));
                }
            }
            result = next;
        }
        return result;
    }

    // ---- value ----

    @Override
    public boolean equals(Object o) {
        return o instanceof OpeningHours other
                && alwaysOpen == other.alwaysOpen
                && week.equals(other.week)
                && holidayRule == other.holidayRule
                && holidayIntervals.equals(other.holidayIntervals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alwaysOpen, week, holidayRule, holidayIntervals);
    }

    /** The canonical {@code opening_hours} string. */
    @Override
    public String toString() {
        return toOsm();
    }
}
