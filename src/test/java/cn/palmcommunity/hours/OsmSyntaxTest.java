package cn.palmcommunity.hours;

import cn.palmcommunity.error.ProblemException;
import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OsmSyntaxTest {

    private static Interval iv(String opens, String closes) {
        return Interval.ofClock(minutes(opens), minutes(closes));
    }

    private static int minutes(String clock) {
        return Integer.parseInt(clock.substring(0, 2)) * 60 + Integer.parseInt(clock.substring(3));
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            24/7                                                  | 24/7
            Mo-Su 00:00-24:00                                     | 24/7
            00:00-24:00                                           | 24/7
            Mo-Su                                                 | 24/7
            Mo-Fr 08:00-18:00; Sa 09:00-12:00; PH off             | Mo-Fr 08:00-18:00; Sa 09:00-12:00; PH off
            '  Mo - Fr  08:00 - 12:00 , 14:00-18:00 ;Sa 09:00-12:00 ; ' | Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00
            Mo,We,Fr 08:00-12:00                                  | Mo,We,Fr 08:00-12:00
            Fr-Mo 10:00-20:00                                     | Mo,Fr-Su 10:00-20:00
            Sa-Su 10:00-20:00                                     | Sa-Su 10:00-20:00
            Su-Su 10:00-20:00                                     | Su 10:00-20:00
            Tu,Th 09:00-12:00                                     | Tu,Th 09:00-12:00
            Mo-Fr 08:00-18:00; We 14:00-16:00                     | Mo-Tu,Th-Fr 08:00-18:00; We 14:00-16:00
            Mo-Fr 08:00-12:00; Mo-Fr 14:00-18:00                  | Mo-Fr 14:00-18:00
            Mo-Fr                                                 | Mo-Fr 00:00-24:00
            08:00-18:00                                           | Mo-Su 08:00-18:00
            8:00-18:00                                            | Mo-Su 08:00-18:00
            Mo-Fr 22:00-02:00                                     | Mo-Fr 22:00-02:00
            Mo 08:00-12:00,10:00-14:00,14:00-15:00                | Mo 08:00-15:00
            Mo 14:00-18:00,08:00-12:00                            | Mo 08:00-12:00,14:00-18:00
            Mo 22:00-00:00                                        | Mo 22:00-24:00
            Mo 00:00-24:00,20:00-03:00                            | Mo 00:00-24:00,20:00-03:00
            Mo-Fr 08:00-18:00; Sa off                             | Mo-Fr 08:00-18:00
            Mo-Fr 08:00-18:00; Sa closed                          | Mo-Fr 08:00-18:00
            Mo-Fr 08:00-18:00; PH 10:00-16:00                     | Mo-Fr 08:00-18:00; PH 10:00-16:00
            Mo-Fr 08:00-18:00; PH                                 | Mo-Fr 08:00-18:00; PH 00:00-24:00
            PH off; Mo-Su 08:00-18:00                             | Mo-Su 08:00-18:00
            PH off; 08:00-18:00                                   | Mo-Su 08:00-18:00
            Mo-Fr 08:00-18:00; PH off; 24/7                       | 24/7
            24/7; PH off                                          | Mo-Su 00:00-24:00; PH off
            24/7; Su off                                          | Mo-Sa 00:00-24:00
            off                                                   | off
            closed                                                | off
            Mo-Fr off                                             | off
            off; PH off                                           | off
            08:00-18:00; PH 08:00-18:00                           | Mo-Su 08:00-18:00
            PH 10:00-12:00                                        | PH 10:00-12:00
            Sa,PH 09:00-12:00                                     | Sa 09:00-12:00; PH 09:00-12:00
            PH off; Sa,PH 09:00-12:00                             | Sa 09:00-12:00; PH 09:00-12:00
            mo-fr 08:00-18:00; ph off                             | Mo-Fr 08:00-18:00; PH off
            Mo-Fr 08:00-18:00;                                    | Mo-Fr 08:00-18:00
            Mo-Fr08:00-18:00                                      | Mo-Fr 08:00-18:00
            """)
    void readsAndWritesCanonically(String text, String canonical) {
        OpeningHours hours = OpeningHours.parseOsm(text);
        assertEquals(canonical, hours.toOsm());
        assertEquals(hours, OpeningHours.parseOsm(canonical), "the canonical form reads back the same");
    }

    @Test
    void theStructureBehindTheText() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-12:00,14:00-18:00; Sa 22:00-02:00; PH 10:00-16:00");
        assertFalse(hours.alwaysOpen());
        assertEquals(List.of(iv("08:00", "12:00"), iv("14:00", "18:00")), hours.intervalsOn(DayOfWeek.WEDNESDAY));
        assertEquals(List.of(new Interval(22 * 60, 26 * 60)), hours.intervalsOn(DayOfWeek.SATURDAY));
        assertTrue(hours.intervalsOn(DayOfWeek.SATURDAY).get(0).pastMidnight());
        assertEquals(List.of(), hours.intervalsOn(DayOfWeek.SUNDAY));
        assertEquals(HolidayRule.OWN, hours.holidayRule());
        assertTrue(hours.hasHolidayRule());
        assertEquals(List.of(iv("10:00", "16:00")), hours.holidayIntervals());
    }

    @Test
    void alwaysOpenIsOneValue() {
        assertTrue(OpeningHours.parseOsm("24/7").alwaysOpen());
        assertEquals(OpeningHours.alwaysOpenHours(), OpeningHours.parseOsm("Mo-Su 00:00-24:00"));
        assertFalse(OpeningHours.parseOsm("24/7").hasHolidayRule());
        assertFalse(OpeningHours.parseOsm("24/7; PH off").alwaysOpen());
    }

    @Test
    void sameMeaningIsEqual() {
        assertEquals(OpeningHours.parseOsm("Mo 22:00-24:00"), OpeningHours.parseOsm("Mo 22:00-00:00"));
        assertEquals(OpeningHours.parseOsm("Mo-Fr 08:00-18:00"), OpeningHours.parseOsm("Mo,Tu,We,Th,Fr 08:00-12:00,12:00-18:00"));
        assertEquals(OpeningHours.parseOsm("Mo-Fr 08:00-18:00").hashCode(), OpeningHours.parseOsm("Mo-Fr 08:00-12:00,12:00-18:00").hashCode());
        assertFalse(OpeningHours.parseOsm("Mo-Fr 08:00-18:00").equals(OpeningHours.parseOsm("Mo-Fr 08:00-18:00; PH off")));
    }

    @ParameterizedTest(name = "{0}: {2} at {1}")
    @CsvSource(delimiterString = " | ", textBlock = """
            ''                                          | 0  | expected opening hours such as Mo-Fr 08:00-18:00
            '   '                                       | 3  | expected opening hours such as Mo-Fr 08:00-18:00
            Mo-Fr 8                                     | 6  | expected a time such as 08:00
            Mo-Fr x                                     | 6  | expected a time such as 08:00 or off
            Mo-Fr 0800-1800                             | 6  | expected a time such as 08:00
            Mo-Fr 08:0-18:00                            | 6  | expected a time such as 08:00
            Mo-Fr 08:000-18:00                          | 6  | expected a time such as 08:00
            Mo-Fr 25:00-26:00                           | 6  | hours must be 00 to 24
            Mo 08:60-09:00                              | 6  | minutes must be 00 to 59
            Mo 24:00-02:00                              | 3  | 24:00 is only allowed as a closing time
            Mo 08:00-24:30                              | 9  | times after 24:00 are not supported
            Mo 08:00-08:00                              | 9  | the closing time must differ from the opening time
            Mo 00:00-00:00                              | 9  | the closing time must differ from the opening time
            Mo-Fr 08:00                                 | 11 | expected '-' and a closing time such as 18:00 but the text ended
            Mo-Fr 08:00–18:00                           | 11 | expected '-' and a closing time such as 18:00
            Mo-Fr 08:00-                                | 12 | expected a time such as 08:00 but the text ended
            Mo-                                         | 3  | expected a day such as Fr
            'Mo, 08:00-12:00'                           | 4  | expected a day such as Fr
            Mon-Fri 08:00-18:00                         | 0  | unknown day 'Mon'; expected Mo, Tu, We, Th, Fr, Sa, Su or PH
            Mo-Fri 08:00-18:00                          | 3  | unknown day 'Fri'; expected Mo, Tu, We, Th, Fr, Sa or Su
            Jan-Mar Mo 08:00-12:00                      | 0  | month selectors such as Jan are not supported
            Mo-Fr sunrise-sunset                        | 6  | times relative to sunrise or sunset are not supported
            Mo-Fr (sunrise-01:00)-18:00                 | 6  | variable times such as (sunrise-01:00) are not supported
            Mo-Fr 08:00-18:00 "call first"              | 18 | comments are not supported
            Mo-Fr 08:00+                                | 11 | open-ended times (+) are not supported
            Mo-Fr 08:00-18:00+                          | 17 | open-ended times (+) are not supported
            Mo-Fr 08:00-18:00 || "by appointment"       | 18 | fallback rules (||) are not supported
            week 01-10 Mo 08:00-12:00                   | 0  | week selectors are not supported
            Mo[1] 08:00-12:00                           | 2  | nth-weekday selectors such as Mo[1] are not supported
            SH off                                      | 0  | school holidays (SH) are not supported
            easter off                                  | 0  | easter is not supported
            2024 Mo-Fr 08:00-18:00                      | 0  | year selectors such as 2024 are not supported
            'Mo-Fr 08:00-12:00, We 14:00-16:00'         | 19 | additional rules separated by ',' are not supported; separate rules with ';'
            Mo-Fr 08:00-18:00 Sa 09:00-12:00            | 18 | expected ';' between rules
            Mo-Fr 08:00-12:00 14:00-18:00               | 18 | expected ',' between times or ';' between rules
            Mo-Fr 24/7                                  | 6  | 24/7 cannot follow a day selector; use 00:00-24:00
            24/7 off                                    | 5  | expected ';' between rules
            Mo-Fr 08:00-18:00;;Sa 09:00-12:00           | 18 | expected a day such as Mo or a time such as 08:00
            Mo-Fr open                                  | 6  | the state 'open' is not supported; give times such as 08:00-18:00, or off
            Mo-Fr 10:00-16:00/01:00                     | 17 | repeating times (/) are not supported
            PH off; Mo-Fr 08:00-18:00                   | 8  | a rule for some weekdays after a PH rule is not supported; put the PH rule last
            Sa,PH 09:00-12:00; Su 10:00-12:00           | 19 | a rule for some weekdays after a PH rule is not supported; put the PH rule last
            Mo-Fr 08:00-18:00 @                         | 18 | expected ';' between rules
            """)
    void refusesWithThePosition(String text, int position, String message) {
        OpeningHoursSyntaxException e = assertThrows(OpeningHoursSyntaxException.class, () -> OpeningHours.parseOsm(text));
        assertEquals(message + " at position " + position, e.getMessage());
        assertEquals(position, e.position());
    }

    @Test
    void nullIsRefusedToo() {
        assertEquals(0, assertThrows(OpeningHoursSyntaxException.class, () -> OpeningHours.parseOsm(null)).position());
    }

    @Test
    void asARequestFieldTheErrorNamesTheField() {
        ProblemException e = assertThrows(ProblemException.class, () -> OpeningHours.parseOsm("Mo-Fr 8", "openingHours"));
        assertEquals(422, e.problem().status());
        assertEquals("openingHours: expected a time such as 08:00 at position 6", e.problem().detail());
        assertEquals("openingHours", e.problem().errors().get(0).field());
        assertEquals("expected a time such as 08:00 at position 6", e.problem().errors().get(0).message());

        ProblemException blank = assertThrows(ProblemException.class, () -> OpeningHours.parseOsm(" ", "openingHours"));
        assertEquals("is required, e.g. Mo-Fr 08:00-18:00; PH off", blank.problem().errors().get(0).message());
        assertEquals(OpeningHours.parseOsm("Sa 09:00-12:00"), OpeningHours.parseOsm("Sa 09:00-12:00", "openingHours"));
    }
}
