package cn.palmcommunity.hours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Predicate;

/**
 * When a place is open: around the clock, or weekly intervals per weekday plus a public-holiday rule.
 * Immutable; two values that mean the same week compare equal (intervals are sorted and overlapping
 * ones on a day merged).
 */
public final class OpeningHours {

    private OpeningHours() {
    }

    /** Open 24/7, holidays included. */
    public static OpeningHours alwaysOpenHours() {
        throw new UnsupportedOperationException("coming");
    }

    /** Reads the supported subset of the OpenStreetMap {@code opening_hours} syntax. */
    public static OpeningHours parseOsm(String text) {
        throw new UnsupportedOperationException("coming");
    }

    /** {@link #parseOsm(String)} for request fields: a syntax error becomes a 422 naming {@code field}. */
    public static OpeningHours parseOsm(String text, String field) {
        throw new UnsupportedOperationException("coming");
    }

    /** Validates the structured form; errors name the element, e.g. {@code openingHours.weekly[2].opens}. */
    public static OpeningHours fromJson(OpeningHoursJson json, String fieldPrefix) {
        throw new UnsupportedOperationException("coming");
    }

    public String toOsm() {
        throw new UnsupportedOperationException("coming");
    }

    public OpeningHoursJson toJson() {
        throw new UnsupportedOperationException("coming");
    }

    public boolean alwaysOpen() {
        throw new UnsupportedOperationException("coming");
    }

    public boolean hasHolidayRule() {
        throw new UnsupportedOperationException("coming");
    }

    public HolidayRule holidayRule() {
        throw new UnsupportedOperationException("coming");
    }

    public List<Interval> intervalsOn(DayOfWeek day) {
        throw new UnsupportedOperationException("coming");
    }

    public List<Interval> holidayIntervals() {
        throw new UnsupportedOperationException("coming");
    }

    public List<WeeklyRow> weeklyRows() {
        throw new UnsupportedOperationException("coming");
    }

    public OpeningStatus statusAt(ZonedDateTime now, Predicate<LocalDate> isPublicHoliday, List<Closure> closures) {
        throw new UnsupportedOperationException("coming");
    }
}
