package cn.palmcommunity.hours;

import cn.palmcommunity.calendar.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weeks of January 2026 (Monday 12th) and National Day 2026 (Thursday 1 to Wednesday 7 October), Beijing time. */
class OpeningStatusTest {

    private static final Predicate<LocalDate> NO_HOLIDAYS = day -> false;
    private static final Set<LocalDate> NATIONAL_DAY_2026 = Set.of(
            LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-03"), LocalDate.parse("2026-10-04"),
            LocalDate.parse("2026-10-05"), LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07"));
    private static final Predicate<LocalDate> NATIONAL_DAY = NATIONAL_DAY_2026::contains;

    private static ZonedDateTime at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ChinaTime.CHINA);
    }

    private static Instant instant(String localDateTime) {
        return at(localDateTime).toInstant();
    }

    private static OpeningStatus status(String osm, String localDateTime) {
        return OpeningHours.parseOsm(osm).statusAt(at(localDateTime), NO_HOLIDAYS, List.of());
    }

    private static OpeningStatus open(String closesAt) {
        return new OpeningStatus(true, closesAt == null ? null : instant(closesAt), null, null);
    }

    private static OpeningStatus closed(String opensAt) {
        return new OpeningStatus(false, null, opensAt == null ? null : instant(opensAt), null);
    }

    @Test
    void anOrdinaryWeekday() {
        String hours = "Mo-Fr 08:00-18:00";
        assertEquals(open("2026-01-14T18:00"), status(hours, "2026-01-14T10:00"));
        assertEquals(open("2026-01-14T18:00"), status(hours, "2026-01-14T08:00"), "open from the opening minute");
        assertEquals(closed("2026-01-14T08:00"), status(hours, "2026-01-14T07:59:59"));
        assertEquals(closed("2026-01-15T08:00"), status(hours, "2026-01-14T18:00"), "closed from the closing minute");
        assertEquals(open("2026-01-14T18:00"), status(hours, "2026-01-14T17:59:59"));
        assertEquals(closed("2026-01-19T08:00"), status(hours, "2026-01-16T19:00"), "Friday evening: next Monday");
    }

    @Test
    void splitDays() {
        String hours = "Mo-Fr 08:00-12:00,14:00-18:00";
        assertEquals(open("2026-01-14T12:00"), status(hours, "2026-01-14T11:00"));
        assertEquals(closed("2026-01-14T14:00"), status(hours, "2026-01-14T12:30"));
    }

    @Test
    void intervalsPastMidnightBelongToTheDayTheyOpen() {
        String hours = "Fr-Sa 22:00-03:00";
        assertEquals(open("2026-01-17T03:00"), status(hours, "2026-01-17T01:00"), "Saturday 01:00 is Friday night");
        assertEquals(open("2026-01-18T03:00"), status(hours, "2026-01-18T02:00"), "Sunday 02:00 is Saturday night");
        assertEquals(closed("2026-01-23T22:00"), status(hours, "2026-01-18T04:00"));
        assertEquals(closed("2026-01-16T22:00"), status(hours, "2026-01-16T01:00"), "Friday 01:00: Thursday had no night");
    }

    @Test
    void sundayNightRunsIntoMonday() {
        String hours = "Su 20:00-02:00; Mo 09:00-17:00";
        assertEquals(open("2026-01-19T02:00"), status(hours, "2026-01-19T01:30"));
        assertEquals(closed("2026-01-19T09:00"), status(hours, "2026-01-19T02:00"));
        assertEquals(closed("2026-01-25T20:00"), status(hours, "2026-01-19T17:00"));
        assertEquals(open("2026-01-19T02:00"), status(hours, "2026-01-18T23:59"));
    }

    @Test
    void touchingIntervalsCloseOnlyAtTheEnd() {
        assertEquals(open("2026-01-13T06:00"), status("Mo 23:00-24:00; Tu 00:00-06:00", "2026-01-12T23:30"));
        assertEquals(open("2026-01-14T12:00"), status("Mo 18:00-24:00; Tu 00:00-24:00; We 00:00-12:00", "2026-01-12T19:00"));
        assertEquals(open("2026-01-13T06:00"), status("Mo 22:00-03:00; Tu 02:00-06:00", "2026-01-12T23:00"), "overlapping nights merge");
        assertEquals(open("2026-01-17T00:00"), status("Mo-Fr", "2026-01-12T10:00"), "Monday to Friday all day is one opening");
    }

    @Test
    void aroundTheClock() {
        assertEquals(open(null), status("24/7", "2026-01-14T10:00"));
        assertEquals(open(null), status("Mo-Su 00:00-24:00", "2026-01-14T10:00"));
        assertEquals(open("2026-01-18T00:00"), status("Mo-Sa 00:00-24:00", "2026-01-14T10:00"));
        OpeningHours exceptHolidays = OpeningHours.parseOsm("24/7; PH off");
        assertEquals(open("2026-10-01T00:00"), exceptHolidays.statusAt(at("2026-09-28T10:00"), NATIONAL_DAY, List.of()));
        assertEquals(closed("2026-10-08T00:00"), exceptHolidays.statusAt(at("2026-10-03T10:00"), NATIONAL_DAY, List.of()));
        assertEquals(open(null), exceptHolidays.statusAt(at("2026-10-08T10:00"), NATIONAL_DAY, List.of()), "no holiday within 8 days");
    }

    @Test
    void closedOnHolidays() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-18:00; PH off");
        assertEquals(closed("2026-10-08T08:00"), hours.statusAt(at("2026-10-01T10:00"), NATIONAL_DAY, List.of()));
        assertEquals(closed("2026-10-08T08:00"), hours.statusAt(at("2026-09-30T18:30"), NATIONAL_DAY, List.of()));
        assertEquals(open("2026-10-08T18:00"), hours.statusAt(at("2026-10-08T10:00"), NATIONAL_DAY, List.of()));
    }

    @Test
    void ownHoursOnHolidaysWhateverTheWeekday() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-18:00; PH 10:00-16:00");
        assertEquals(closed("2026-10-01T10:00"), hours.statusAt(at("2026-10-01T09:00"), NATIONAL_DAY, List.of()));
        assertEquals(open("2026-10-01T16:00"), hours.statusAt(at("2026-10-01T15:00"), NATIONAL_DAY, List.of()));
        assertEquals(open("2026-10-04T16:00"), hours.statusAt(at("2026-10-04T12:00"), NATIONAL_DAY, List.of()), "a Sunday in the holiday");
        assertEquals(closed("2026-10-08T08:00"), hours.statusAt(at("2026-10-07T16:00"), NATIONAL_DAY, List.of()));
    }

    @Test
    void withoutAHolidayRuleHolidaysAreOrdinaryDays() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-18:00");
        assertEquals(open("2026-10-01T18:00"), hours.statusAt(at("2026-10-01T10:00"), NATIONAL_DAY, List.of()));
    }

    @Test
    void aNightOpenedOnAHolidayEveFollowsTheEve() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Su 22:00-02:00; PH off");
        assertEquals(open("2026-10-01T02:00"), hours.statusAt(at("2026-10-01T01:00"), NATIONAL_DAY, List.of()), "opened on 30 September, a working day");
        assertEquals(closed("2026-10-08T22:00"), hours.statusAt(at("2026-10-01T23:00"), NATIONAL_DAY, List.of()));
        assertEquals(closed("2026-10-08T22:00"), hours.statusAt(at("2026-10-08T01:00"), NATIONAL_DAY, List.of()), "7 October's night belongs to the holiday");
        OpeningHours holidayNights = OpeningHours.parseOsm("Mo-Fr 08:00-18:00; PH 20:00-02:00");
        assertEquals(open("2026-10-08T02:00"), holidayNights.statusAt(at("2026-10-08T01:00"), NATIONAL_DAY, List.of()), "the last holiday night runs into a working day");
    }

    @Test
    void temporaryClosures() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-18:00");
        List<Closure> water = List.of(new Closure(instant("2026-01-14T12:00"), instant("2026-01-14T14:00"), "停水"));
        assertEquals(open("2026-01-14T12:00"), hours.statusAt(at("2026-01-14T10:00"), NO_HOLIDAYS, water));
        assertEquals(new OpeningStatus(false, null, instant("2026-01-14T14:00"), "停水"), hours.statusAt(at("2026-01-14T13:00"), NO_HOLIDAYS, water));
        assertEquals(open("2026-01-14T18:00"), hours.statusAt(at("2026-01-14T14:00"), NO_HOLIDAYS, water));
        assertEquals(closed("2026-01-15T08:00"), hours.statusAt(at("2026-01-14T19:00"), NO_HOLIDAYS, water));

        List<Closure> nightWork = List.of(new Closure(instant("2026-01-14T20:00"), instant("2026-01-15T09:00"), "夜间检修"));
        assertEquals(new OpeningStatus(false, null, instant("2026-01-15T09:00"), "夜间检修"), hours.statusAt(at("2026-01-14T22:00"), NO_HOLIDAYS, nightWork),
                "a closure is reported even while the weekly hours are closed too");

        List<Closure> indefinite = List.of(new Closure(instant("2026-01-14T12:00"), null, "装修，暂停开放"));
        assertEquals(new OpeningStatus(false, null, null, "装修，暂停开放"), hours.statusAt(at("2026-01-20T10:00"), NO_HOLIDAYS, indefinite));
        assertEquals(open("2026-01-14T12:00"), hours.statusAt(at("2026-01-14T11:00"), NO_HOLIDAYS, indefinite));
    }

    @Test
    void overlappingClosuresAndAroundTheClock() {
        OpeningHours always = OpeningHours.alwaysOpenHours();
        List<Closure> closures = List.of(
                new Closure(instant("2026-01-15T10:00"), instant("2026-01-15T16:00"), "second"),
                new Closure(instant("2026-01-15T08:00"), instant("2026-01-15T12:00"), "first"));
        assertEquals(open("2026-01-15T08:00"), always.statusAt(at("2026-01-14T10:00"), NO_HOLIDAYS, closures));
        assertEquals(new OpeningStatus(false, null, instant("2026-01-15T16:00"), "first"), always.statusAt(at("2026-01-15T11:00"), NO_HOLIDAYS, closures));
        assertEquals(new OpeningStatus(false, null, instant("2026-01-15T16:00"), "second"), always.statusAt(at("2026-01-15T13:00"), NO_HOLIDAYS, closures));
        assertEquals(open(null), always.statusAt(at("2026-01-15T16:00"), NO_HOLIDAYS, closures));
        assertEquals(open(null), always.statusAt(at("2026-01-15T16:00"), NO_HOLIDAYS, null));
    }

    @Test
    void lookingAheadEightDays() {
        assertEquals(closed("2026-01-19T08:00"), status("Mo 08:00-09:00", "2026-01-13T10:00"), "six days ahead");
        assertEquals(closed(null), status("PH 10:00-12:00", "2026-01-13T10:00"), "never open on an ordinary week");
        assertEquals(closed(null), status("off", "2026-01-13T10:00"));
        OpeningHours holidaysOnly = OpeningHours.parseOsm("PH 10:00-12:00");
        assertEquals(closed("2026-10-01T10:00"), holidaysOnly.statusAt(at("2026-09-23T10:00"), NATIONAL_DAY, List.of()), "exactly 8 days ahead");
        assertEquals(closed(null), holidaysOnly.statusAt(at("2026-09-23T09:59"), NATIONAL_DAY, List.of()), "just over 8 days ahead");
        assertEquals(open("2026-01-21T00:00"), status("Mo-Su 00:00-24:00; We off", "2026-01-15T10:00"), "six days to the next Wednesday");
    }

    @Test
    void evaluatedInTheZoneOfNow() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-18:00");
        ZonedDateTime utc = ZonedDateTime.of(2026, 1, 14, 2, 0, 0, 0, ZoneOffset.UTC);
        assertTrue(hours.statusAt(utc.withZoneSameInstant(ChinaTime.CHINA), NO_HOLIDAYS, List.of()).openNow(), "10:00 in Beijing");
        assertFalse(hours.statusAt(utc, NO_HOLIDAYS, List.of()).openNow(), "02:00 in UTC");
    }

    @Test
    void closuresMustEndAfterTheyStart() {
        assertThrows(IllegalArgumentException.class, () -> new Closure(instant("2026-01-14T12:00"), instant("2026-01-14T12:00"), "x"));
        assertThrows(IllegalArgumentException.class, () -> new Closure(null, instant("2026-01-14T12:00"), "x"));
        assertTrue(new Closure(instant("2026-01-14T12:00"), null, "x").covers(instant("2030-01-01T00:00")));
    }
}
