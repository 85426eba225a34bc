package cn.palmcommunity.hours;

import cn.palmcommunity.error.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpeningHoursJsonTest {

    private static final List<String> WEEKDAYS = List.of("MO", "TU", "WE", "TH", "FR");

    private static WeeklyRuleJson rule(List<String> days, String opens, String closes) {
        return new WeeklyRuleJson(days, opens, closes);
    }

    private static OpeningHoursJson weekly(WeeklyRuleJson... rules) {
        return new OpeningHoursJson(false, Arrays.asList(rules), "as-usual", List.of());
    }

    private static void assertInvalid(OpeningHoursJson json, String field, String message) {
        ProblemException e = assertThrows(ProblemException.class, () -> OpeningHours.fromJson(json, "openingHours"));
        assertEquals(422, e.problem().status());
        assertEquals(1, e.problem().errors().size());
        assertEquals(field, e.problem().errors().get(0).field());
        assertEquals(message, e.problem().errors().get(0).message());
        assertEquals(field + ": " + message, e.problem().detail());
    }

    @Test
    void writesOneRulePerIntervalForDaysSharingThem() {
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-12:00,14:00-18:00; Sa 22:00-02:00; PH 10:00-16:00");
        OpeningHoursJson json = hours.toJson();
        assertEquals(new OpeningHoursJson(false, List.of(
                rule(WEEKDAYS, "08:00", "12:00"),
                rule(WEEKDAYS, "14:00", "18:00"),
                rule(List.of("SA"), "22:00", "02:00")),
                "own", List.of(new IntervalJson("10:00", "16:00"))), json);
        assertEquals(hours, OpeningHours.fromJson(json, "openingHours"));
    }

    @Test
    void alwaysOpenAndClosedForms() {
        assertEquals(new OpeningHoursJson(true, List.of(), "as-usual", List.of()), OpeningHours.parseOsm("24/7").toJson());
        assertEquals(new OpeningHoursJson(false, List.of(rule(List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU"), "00:00", "24:00")), "closed", List.of()),
                OpeningHours.parseOsm("24/7; PH off").toJson());
        assertEquals(new OpeningHoursJson(false, List.of(), "as-usual", List.of()), OpeningHours.parseOsm("off").toJson());
        assertEquals(OpeningHours.alwaysOpenHours(), OpeningHours.fromJson(new OpeningHoursJson(true, null, null, null), "openingHours"));
        assertEquals(OpeningHours.alwaysOpenHours(), OpeningHours.fromJson(weekly(rule(List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU"), "00:00", "24:00")), "x"));
    }

    @Test
    void rulesForTheSameDayAddUpAndMissingPartsDefault() {
        OpeningHours hours = OpeningHours.fromJson(new OpeningHoursJson(false, List.of(
                rule(List.of("mo", "WE"), "14:00", "18:00"),
                rule(List.of("MO"), "08:00", "12:00"),
                rule(List.of("MO", "MO"), "12:00", "13:00")), null, null), "openingHours");
        assertEquals(OpeningHours.parseOsm("Mo 08:00-13:00,14:00-18:00; We 14:00-18:00"), hours);
    }

    @Test
    void survivesJackson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        OpeningHours hours = OpeningHours.parseOsm("Mo-Fr 08:00-18:00; Sa 09:00-12:00; PH off");
        String text = mapper.writeValueAsString(hours.toJson());
        assertEquals("{\"alwaysOpen\":false,\"weekly\":[{\"days\":[\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"],\"opens\":\"08:00\",\"closes\":\"18:00\"},"
                + "{\"days\":[\"SA\"],\"opens\":\"09:00\",\"closes\":\"12:00\"}],\"holidays\":\"closed\",\"holidayIntervals\":[]}", text);
        assertEquals(hours, OpeningHours.fromJson(mapper.readValue(text, OpeningHoursJson.class), "openingHours"));
        OpeningHoursJson sparse = mapper.readValue("{\"weekly\":[{\"days\":[\"SU\"],\"opens\":\"10:00\",\"closes\":\"16:00\"}]}", OpeningHoursJson.class);
        assertEquals(OpeningHours.parseOsm("Su 10:00-16:00"), OpeningHours.fromJson(sparse, "openingHours"));
    }

    @Test
    void errorsNameTheExactElement() {
        assertInvalid(weekly(rule(WEEKDAYS, "08:00", "12:00"), rule(WEEKDAYS, "14:00", "18:00"), rule(List.of("SA"), "9:00", "12:00")),
                "openingHours.weekly[2].opens", "must be a time HH:MM such as 08:00");
        assertInvalid(weekly(rule(WEEKDAYS, null, "12:00")), "openingHours.weekly[0].opens", "is required, a time such as 08:00");
        assertInvalid(weekly(rule(WEEKDAYS, "08:00", " ")), "openingHours.weekly[0].closes", "is required, a time such as 08:00");
        assertInvalid(weekly(rule(WEEKDAYS, "08:00", "12:00"), rule(WEEKDAYS, "14:00", "25:00")), "openingHours.weekly[1].closes", "must be a time from 00:00 to 24:00");
        assertInvalid(weekly(rule(WEEKDAYS, "08:60", "12:00")), "openingHours.weekly[0].opens", "must be a time from 00:00 to 23:59");
        assertInvalid(weekly(rule(WEEKDAYS, "08:00", "24:01")), "openingHours.weekly[0].closes", "must be a time from 00:00 to 24:00");
        assertInvalid(weekly(rule(WEEKDAYS, "24:00", "02:00")), "openingHours.weekly[0].opens", "24:00 is only allowed as a closing time");
        assertInvalid(weekly(rule(WEEKDAYS, "08:00", "08:00")), "openingHours.weekly[0].closes", "must differ from opens (08:00)");
        assertInvalid(weekly(rule(List.of(), "08:00", "12:00")), "openingHours.weekly[0].days", "must name at least one day: MO, TU, WE, TH, FR, SA or SU");
        assertInvalid(weekly(rule(null, "08:00", "12:00")), "openingHours.weekly[0].days", "must name at least one day: MO, TU, WE, TH, FR, SA or SU");
        assertInvalid(weekly(rule(List.of("MO", "MON"), "08:00", "12:00")), "openingHours.weekly[0].days[1]", "must be one of MO, TU, WE, TH, FR, SA, SU");
        assertInvalid(weekly(rule(Arrays.asList("MO", null), "08:00", "12:00")), "openingHours.weekly[0].days[1]", "must be one of MO, TU, WE, TH, FR, SA, SU");
        assertInvalid(weekly(rule(List.of("PH"), "08:00", "12:00")), "openingHours.weekly[0].days[0]",
                "public holidays are set with holidays and holidayIntervals, not as a weekly day");
        assertInvalid(weekly(rule(WEEKDAYS, "08:00", "12:00"), null), "openingHours.weekly[1]", "must not be null");
    }

    @Test
    void holidayErrors() {
        List<WeeklyRuleJson> week = List.of(rule(WEEKDAYS, "08:00", "18:00"));
        assertInvalid(new OpeningHoursJson(false, week, "sometimes", List.of()), "openingHours.holidays", "must be one of as-usual, closed, own");
        assertInvalid(new OpeningHoursJson(false, week, "own", List.of()), "openingHours.holidayIntervals", "must list at least one interval when holidays is own");
        assertInvalid(new OpeningHoursJson(false, week, "closed", List.of(new IntervalJson("10:00", "12:00"))),
                "openingHours.holidayIntervals", "must be empty unless holidays is own");
        assertInvalid(new OpeningHoursJson(false, week, "own", List.of(new IntervalJson("10:00", "12:00"), new IntervalJson("14:00", "14:00"))),
                "openingHours.holidayIntervals[1].closes", "must differ from opens (14:00)");
        assertInvalid(new OpeningHoursJson(false, week, "own", Collections.singletonList(null)), "openingHours.holidayIntervals[0]", "must not be null");
        assertEquals(OpeningHours.parseOsm("Mo-Fr 08:00-18:00; PH 10:00-12:00"),
                OpeningHours.fromJson(new OpeningHoursJson(false, week, "own", List.of(new IntervalJson("10:00", "12:00"))), "openingHours"));
    }

    @Test
    void alwaysOpenLeavesNothingElseToSay() {
        assertInvalid(new OpeningHoursJson(true, List.of(rule(WEEKDAYS, "08:00", "18:00")), "as-usual", List.of()),
                "openingHours.weekly", "must be empty when alwaysOpen is true");
        assertInvalid(new OpeningHoursJson(true, List.of(), "closed", List.of()), "openingHours.holidays",
                "must be as-usual when alwaysOpen is true; to close on holidays give a weekly rule 00:00-24:00 for every day instead");
    }

    @Test
    void limitsAndPrefixes() {
        List<WeeklyRuleJson> many = new ArrayList<>();
        for (int i = 0; i <= JsonForm.MAX_RULES; i++) {
            many.add(rule(List.of("MO"), "08:00", "09:00"));
        }
        assertInvalid(new OpeningHoursJson(false, many, null, null), "openingHours.weekly", "must have at most 100 rules");
        ProblemException e = assertThrows(ProblemException.class, () -> OpeningHours.fromJson(weekly(rule(WEEKDAYS, "x", "12:00")), ""));
        assertEquals("weekly[0].opens", e.problem().errors().get(0).field());
        ProblemException missing = assertThrows(ProblemException.class, () -> OpeningHours.fromJson(null, "station.openingHours"));
        assertEquals("station.openingHours", missing.problem().errors().get(0).field());
        assertEquals("is required", missing.problem().errors().get(0).message());
    }
}
