package cn.palmcommunity.hours;

import cn.palmcommunity.calendar.ChinaTime;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many generated opening hours, with fixed seeds so that a failure can be replayed. */
class OpeningHoursPropertyTest {

    private static final String[] DAYS = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

    // ---- generators ----

    private static int clock(Random random) {
        return random.nextInt(10) < 7 ? random.nextInt(48) * 30 : random.nextInt(Interval.DAY);
    }

    private static Interval interval(Random random) {
        if (random.nextInt(10) == 0) {
            return Interval.allDay();
        }
        int open = clock(random);
        int close = random.nextInt(7) == 0 ? Interval.DAY : clock(random);
        if (close == open) {
            close = (open + 90) % Interval.DAY;
        }
        return Interval.ofClock(open, close);
    }

    private static List<Interval> intervals(Random random) {
        List<Interval> list = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            list.add(interval(random));
        }
        return list;
    }

    static OpeningHours hours(Random random) {
        if (random.nextInt(20) == 0) {
            return OpeningHours.alwaysOpenHours();
        }
        List<List<Interval>> palette = List.of(intervals(random), intervals(random), List.of(Interval.allDay()));
        Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            int pick = random.nextInt(8);
            if (pick < 2) {
                continue;
            }
            week.put(day, pick < 7 ? palette.get(random.nextInt(palette.size())) : intervals(random));
        }
        return switch (random.nextInt(3)) {
            case 0 -> OpeningHours.of(week, HolidayRule.AS_USUAL, List.of());
            case 1 -> OpeningHours.of(week, HolidayRule.CLOSED, List.of());
            default -> OpeningHours.of(week, HolidayRule.OWN, intervals(random));
        };
    }

    // ---- round trips ----

    @Test
    void canonicalTextAndJsonReadBackEqual() {
        Random random = new Random(20260101);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            OpeningHours hours = hours(random);
            String osm = hours.toOsm();
            distinct.add(osm);
            OpeningHours again = OpeningHours.parseOsm(osm);
            assertEquals(hours, again, osm);
            assertEquals(osm, again.toOsm());
            assertEquals(hours, OpeningHours.fromJson(hours.toJson(), "openingHours"), osm);
            assertEquals(hours.toJson(), again.toJson());
        }
        assertTrue(distinct.size() > 4000, "the generator covers many different weeks: " + distinct.size());
    }

    // ---- random opening_hours text against a model of the rule semantics ----

    /** One rule as text, and how it changes the model; throws when the parser should refuse it. */
    private record Model(List<List<Interval>> days, HolidayRule[] holidayRule, List<List<Interval>> holiday, boolean[] holidayGiven) {

        static Model empty() {
            List<List<Interval>> days = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                days.add(List.of());
            }
            return new Model(days, new HolidayRule[] {HolidayRule.AS_USUAL}, new ArrayList<>(List.of(List.of())), new boolean[1]);
        }

        OpeningHours expected() {
            Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
            for (int i = 0; i < 7; i++) {
                week.put(DayOfWeek.of(i + 1), days.get(i));
            }
            HolidayRule rule = holidayRule[0] == HolidayRule.OWN && holiday.get(0).isEmpty() ? HolidayRule.CLOSED : holidayRule[0];
            return OpeningHours.of(week, rule, rule == HolidayRule.OWN ? holiday.get(0) : List.of());
        }

        void everyDay(List<Interval> hours) {
            for (int i = 0; i < 7; i++) {
                days.set(i, hours);
            }
            holidayRule[0] = HolidayRule.AS_USUAL;
            holiday.set(0, List.of());
            holidayGiven[0] = false;
        }
    }

    private static String space(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "  ";
            default -> " ";
        };
    }

    private static String clockText(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }

    @Test
    void randomRuleSequencesMeanWhatOsmSays() {
        Random random = new Random(4711);
        int refused = 0;
        for (int n = 0; n < 3000; n++) {
            Model model = Model.empty();
            StringBuilder text = new StringBuilder(space(random));
            boolean shouldRefuse = false;
            int rules = 1 + random.nextInt(4);
            for (int r = 0; r < rules && !shouldRefuse; r++) {
                if (r > 0) {
                    text.append(space(random)).append(';').append(space(random));
                }
                int kind = random.nextInt(20);
                if (kind == 0) {
                    text.append("24/7");
                    model.everyDay(List.of(Interval.allDay()));
                    continue;
                }
                int weekdays = 0;
                boolean holiday = false;
                boolean selector = kind > 2;
                if (selector) {
                    List<String> items = new ArrayList<>();
                    for (int k = random.nextInt(3); k >= 0; k--) {
                        int pick = random.nextInt(10);
                        if (pick == 0) {
                            items.add("PH");
                            holiday = true;
                        } else {
                            int from = random.nextInt(7);
                            if (pick < 5) {
                                items.add(DAYS[from]);
                                weekdays |= 1 << from;
                            } else {
                                int to = random.nextInt(7);
                                items.add(DAYS[from] + space(random) + "-" + space(random) + DAYS[to]);
                                for (int d = from; ; d = (d + 1) % 7) {
                                    weekdays |= 1 << d;
                                    if (d == to) {
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    text.append(String.join(space(random) + "," + space(random), items));
                }
                List<Interval> hours;
                int content = random.nextInt(10);
                if (content == 0 && selector) {
                    hours = List.of(Interval.allDay());
                } else if (content <= 2) {
                    text.append(selector ? " " : "").append(random.nextBoolean() ? "off" : "closed");
                    hours = List.of();
                } else {
                    hours = intervals(random);
                    List<String> spans = new ArrayList<>();
                    for (Interval interval : hours) {
                        String closes = interval.closeMinute() == Interval.DAY && random.nextBoolean() && interval.openMinute() > 0
                                ? "00:00" : interval.closesText();
                        spans.add(interval.opensText() + space(random) + "-" + space(random) + closes);
                    }
                    text.append(selector ? " " + space(random) : "").append(String.join(space(random) + "," + space(random), spans));
                }
                if (!selector) {
                    model.everyDay(hours);
                    continue;
                }
                if (weekdays != 0) {
                    if (model.holidayGiven()[0] && !holiday && weekdays != 0b1111111) {
                        shouldRefuse = true;
                        break;
                    }
                    for (int d = 0; d < 7; d++) {
                        if ((weekdays & (1 << d)) != 0) {
                            model.days().set(d, hours);
                        }
                    }
                    if (weekdays == 0b1111111 && !holiday) {
                        model.everyDay(hours);
                    }
                }
                if (holiday) {
                    model.holidayRule()[0] = hours.isEmpty() ? HolidayRule.CLOSED : HolidayRule.OWN;
                    model.holiday().set(0, hours);
                    model.holidayGiven()[0] = true;
                }
            }
            String osm = text.toString();
            if (shouldRefuse) {
                refused++;
                OpeningHoursSyntaxException e = assertThrows(OpeningHoursSyntaxException.class, () -> OpeningHours.parseOsm(osm), osm);
                assertTrue(e.getMessage().startsWith("a rule for some weekdays after a PH rule"), osm + ": " + e.getMessage());
                continue;
            }
            OpeningHours parsed = OpeningHours.parseOsm(osm);
            assertEquals(model.expected(), parsed, osm);
            assertEquals(parsed, OpeningHours.parseOsm(parsed.toOsm()), osm + " -> " + parsed.toOsm());
        }
        assertTrue(refused > 0 && refused < 1500, "refused " + refused);
    }

    // ---- the SQL row rule agrees with statusAt ----

    /** The stations' SQL test, written out in Java: today's key, or yesterday's key past midnight. */
    static boolean openByRows(OpeningHours hours, ZonedDateTime now, Predicate<LocalDate> isPublicHoliday) {
        int minute = now.getHour() * 60 + now.getMinute();
        int today = rowKey(hours, now.toLocalDate(), isPublicHoliday);
        int yesterday = rowKey(hours, now.toLocalDate().minusDays(1), isPublicHoliday);
        for (WeeklyRow row : hours.weeklyRows()) {
            if (row.day() == today && row.openMinute() <= minute && minute < row.closeMinute()) {
                return true;
            }
            if (row.day() == yesterday && row.openMinute() <= minute + 1440 && minute + 1440 < row.closeMinute()) {
                return true;
            }
        }
        return false;
    }

    private static int rowKey(OpeningHours hours, LocalDate day, Predicate<LocalDate> isPublicHoliday) {
        return isPublicHoliday.test(day) && hours.hasHolidayRule() ? WeeklyRow.HOLIDAY : day.getDayOfWeek().getValue() - 1;
    }

    @Test
    void rowsAreWellFormed() {
        Random random = new Random(99);
        for (int i = 0; i < 2000; i++) {
            OpeningHours hours = hours(random);
            for (WeeklyRow row : hours.weeklyRows()) {
                assertTrue(row.day() >= 0 && row.day() <= 7, row.toString());
                assertTrue(row.openMinute() >= 0 && row.openMinute() < 1440, row.toString());
                assertTrue(row.closeMinute() > row.openMinute() && row.closeMinute() <= 2880, row.toString());
            }
            assertEquals(hours.holidayRule() == HolidayRule.OWN, hours.weeklyRows().stream().anyMatch(row -> row.day() == WeeklyRow.HOLIDAY));
        }
        assertEquals(7, OpeningHours.alwaysOpenHours().weeklyRows().size());
    }

    @Test
    void rowRuleAgreesWithStatusAcrossAFortnightWithHolidays() {
        // National Day 2026 and a lone holiday before it, so that eves and first days after fall both ways.
        Set<LocalDate> holidays = new HashSet<>();
        for (int d = 1; d <= 7; d++) {
            holidays.add(LocalDate.of(2026, 10, d));
        }
        holidays.add(LocalDate.of(2026, 9, 28));
        Predicate<LocalDate> isPublicHoliday = holidays::contains;
        Random random = new Random(1949);
        ZonedDateTime start = LocalDateTime.of(2026, 9, 26, 0, 0).atZone(ChinaTime.CHINA);
        int checked = 0;
        int open = 0;
        for (int n = 0; n < 250; n++) {
            OpeningHours hours = hours(random);
            for (int minutes = 0; minutes < 14 * 1440; minutes += 5) {
                ZonedDateTime now = start.plusMinutes(minutes).plusSeconds(random.nextInt(60));
                OpeningStatus status = hours.statusAt(now, isPublicHoliday, List.of());
                assertEquals(status.openNow(), openByRows(hours, now, isPublicHoliday), () -> hours.toOsm() + " at " + now);
                checked++;
                if (status.openNow()) {
                    open++;
                }
                if (minutes % 35 == 0) {
                    assertConsistent(hours, now, status, isPublicHoliday);
                }
            }
        }
        assertTrue(open > checked / 5 && open < checked * 4 / 5, open + " open of " + checked);
    }

    /** closesAt and opensAt are where the status really changes. */
    private static void assertConsistent(OpeningHours hours, ZonedDateTime now, OpeningStatus status, Predicate<LocalDate> isPublicHoliday) {
        if (status.openNow()) {
            if (status.closesAt() == null) {
                assertTrue(hours.statusAt(now.plusDays(8), isPublicHoliday, List.of()).openNow(), () -> hours.toOsm() + " at " + now);
            } else {
                ZonedDateTime closes = status.closesAt().atZone(now.getZone());
                assertFalse(hours.statusAt(closes, isPublicHoliday, List.of()).openNow(), () -> hours.toOsm() + " at " + now);
                assertTrue(hours.statusAt(closes.minusSeconds(1), isPublicHoliday, List.of()).openNow(), () -> hours.toOsm() + " at " + now);
            }
        } else if (status.opensAt() != null) {
            ZonedDateTime opens = status.opensAt().atZone(now.getZone());
            assertTrue(hours.statusAt(opens, isPublicHoliday, List.of()).openNow(), () -> hours.toOsm() + " at " + now);
            assertFalse(hours.statusAt(opens.minusSeconds(1), isPublicHoliday, List.of()).openNow(), () -> hours.toOsm() + " at " + now);
        }
    }
}
