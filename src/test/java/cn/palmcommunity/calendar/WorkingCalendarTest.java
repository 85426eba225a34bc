package cn.palmcommunity.calendar;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the State Council schedules seeded by the migration; nothing here changes them. */
@QuarkusTest
class WorkingCalendarTest {

    @Inject
    WorkingCalendar calendar;

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static Instant beijing(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+08:00").toInstant();
    }

    @Test
    void springFestival2025WithItsMakeUpWeekendDays() {
        assertTrue(calendar.isWorkingDay(d("2025-01-26")), "Sunday 26 January 2025 was worked");
        assertTrue(calendar.isWorkingDay(d("2025-02-08")), "Saturday 8 February 2025 was worked");
        assertTrue(calendar.isWorkingDay(d("2025-01-27")));
        for (LocalDate day = d("2025-01-28"); !day.isAfter(d("2025-02-04")); day = day.plusDays(1)) {
            assertFalse(calendar.isWorkingDay(day), day + " is in the Spring Festival holiday");
        }
        assertEquals(d("2025-02-05"), calendar.addWorkingDays(d("2025-01-27"), 1));
        assertEquals(d("2025-01-26"), calendar.addWorkingDays(d("2025-01-24"), 1), "Friday + 1 is the make-up Sunday");
        assertEquals(d("2025-01-27"), calendar.addWorkingDays(d("2025-02-05"), -1));
        assertEquals(1, calendar.workingDaysBetween(d("2025-01-27"), d("2025-02-05")));
    }

    @Test
    void plainWeekends() {
        assertFalse(calendar.isWorkingDay(d("2025-03-08")));
        assertFalse(calendar.isWorkingDay(d("2025-03-09")));
        assertTrue(calendar.isWorkingDay(d("2025-03-10")));
        assertEquals(d("2025-03-10"), calendar.addWorkingDays(d("2025-03-07"), 1));
        assertEquals(d("2025-03-14"), calendar.addWorkingDays(d("2025-03-07"), 5));
        assertEquals(d("2025-03-10"), calendar.addWorkingDays(d("2025-03-08"), 1), "counting from a Saturday");
        assertEquals(d("2025-03-08"), calendar.addWorkingDays(d("2025-03-08"), 0));
        assertEquals(5, calendar.workingDaysBetween(d("2025-03-07"), d("2025-03-14")));
        assertEquals(0, calendar.workingDaysBetween(d("2025-03-07"), d("2025-03-09")));
    }

    @Test
    void nationalDay2025() {
        assertTrue(calendar.isWorkingDay(d("2025-09-28")), "Sunday 28 September 2025 was worked");
        assertTrue(calendar.isWorkingDay(d("2025-10-11")), "Saturday 11 October 2025 was worked");
        assertFalse(calendar.isWorkingDay(d("2025-10-08")));
        assertEquals(d("2025-10-09"), calendar.addWorkingDays(d("2025-09-30"), 1));
        assertEquals(d("2025-10-11"), calendar.addWorkingDays(d("2025-10-09"), 2));
        assertEquals(3, calendar.workingDaysBetween(d("2025-09-26"), d("2025-09-30")));
        // 9, 10, 11 (make-up Saturday) October, then three full weeks.
        assertEquals(18, calendar.workingDaysBetween(d("2025-09-30"), d("2025-10-31")));
        assertEquals(-18, calendar.workingDaysBetween(d("2025-10-31"), d("2025-09-30")));
    }

    @Test
    void publicHolidaysAreTheHolidayDaysOfTheTable() {
        assertTrue(calendar.isPublicHoliday(d("2025-10-01")), "National Day, a Wednesday");
        assertTrue(calendar.isPublicHoliday(d("2025-10-04")), "a Saturday inside the National Day holiday");
        assertTrue(calendar.isPublicHoliday(d("2025-10-08")), "a weekday given off for the make-up days");
        assertFalse(calendar.isPublicHoliday(d("2025-10-11")), "the make-up Saturday is worked");
        assertFalse(calendar.isPublicHoliday(d("2025-03-08")), "an ordinary Saturday is a weekend, not a holiday");
        assertFalse(calendar.isPublicHoliday(d("2025-03-10")));
    }

    @Test
    void the2026Schedule() {
        assertTrue(calendar.isWorkingDay(d("2026-01-04")), "Sunday after New Year 2026 is worked");
        assertFalse(calendar.isWorkingDay(d("2026-01-02")));
        assertTrue(calendar.isWorkingDay(d("2026-02-14")));
        assertTrue(calendar.isWorkingDay(d("2026-02-28")));
        assertFalse(calendar.isWorkingDay(d("2026-02-23")), "Monday 23 February 2026 is the last Spring Festival day");
        assertEquals(d("2026-02-24"), calendar.addWorkingDays(d("2026-02-14"), 1));
        assertTrue(calendar.isWorkingDay(d("2026-05-09")));
        assertFalse(calendar.isWorkingDay(d("2026-06-19")));
        assertFalse(calendar.isWorkingDay(d("2026-09-25")));
        assertTrue(calendar.isWorkingDay(d("2026-09-20")));
        assertTrue(calendar.isWorkingDay(d("2026-10-10")));
        assertFalse(calendar.isWorkingDay(d("2026-10-07")));
    }

    @Test
    void addWorkingDaysAndBetweenAreInverse() {
        LocalDate start = d("2025-01-20");
        for (int n = 0; n <= 40; n++) {
            assertEquals(n, calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n)), "n = " + n);
        }
    }

    @Test
    void instantsKeepTheirBeijingTimeOfDay() {
        assertEquals(beijing("2025-10-09T15:30:00"), calendar.addWorkingDays(beijing("2025-09-30T15:30:00"), 1));
        // 23:30 in Beijing on 27 January is 15:30 UTC the same day: the local date is what counts.
        assertEquals(beijing("2025-02-05T23:30:00"), calendar.addWorkingDays(beijing("2025-01-27T23:30:00"), 1));
    }

    @Test
    void workingHoursCountWholeWorkingDaysAndSkipDaysOff() {
        // Friday 10:00 + 24 h: 14 h on Friday, 10 h on Monday.
        assertEquals(beijing("2025-03-10T10:00:00"), calendar.addWorkingHours(beijing("2025-03-07T10:00:00"), 24));
        // Starting on a Saturday the clock starts at Monday midnight.
        assertEquals(beijing("2025-03-11T00:00:00"), calendar.addWorkingHours(beijing("2025-03-08T10:00:00"), 24));
        // 4 h left on 30 September, then the 8-day holiday, then 20 h of 9 October.
        assertEquals(beijing("2025-10-09T20:00:00"), calendar.addWorkingHours(beijing("2025-09-30T20:00:00"), 24));
        // 72 h from Friday 27 Jan 2025 noon: 12 h Fri, 24 h on the make-up Sunday, 24 h Monday, the holiday, 12 h on 5 Feb.
        assertEquals(beijing("2025-02-05T12:00:00"), calendar.addWorkingHours(beijing("2025-01-24T12:00:00"), 72));
        assertEquals(beijing("2025-03-08T10:00:00"), calendar.addWorkingHours(beijing("2025-03-08T10:00:00"), 0));
        assertThrows(IllegalArgumentException.class, () -> calendar.addWorkingHours(Instant.EPOCH, -1));
    }
}
