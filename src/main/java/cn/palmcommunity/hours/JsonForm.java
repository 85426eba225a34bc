package cn.palmcommunity.hours;

import cn.palmcommunity.error.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads {@link OpeningHoursJson}, naming the exact element in every error. */
final class JsonForm {

    static final int MAX_RULES = 100;
    private static final Pattern CLOCK = Pattern.compile("\\d\\d:\\d\\d");

    private JsonForm() {
    }

    static OpeningHours read(OpeningHoursJson json, String prefix) {
        if (json == null) {
            throw ProblemException.invalidField(prefix == null || prefix.isEmpty() ? "openingHours" : prefix, "is required");
        }
        List<WeeklyRuleJson> weekly = json.weekly() == null ? List.of() : json.weekly();
        List<IntervalJson> holidayJson = json.holidayIntervals() == null ? List.of() : json.holidayIntervals();
        HolidayRule holidayRule = json.holidays() == null ? HolidayRule.AS_USUAL : HolidayRule.fromJsonName(json.holidays());
        if (holidayRule == null) {
            throw ProblemException.invalidField(field(prefix, "holidays"), "must be one of as-usual, closed, own");
        }
        if (holidayRule != HolidayRule.OWN && !holidayJson.isEmpty()) {
            throw ProblemException.invalidField(field(prefix, "holidayIntervals"), "must be empty unless holidays is own");
        }
        if (json.alwaysOpen()) {
            if (!weekly.isEmpty()) {
                throw ProblemException.invalidField(field(prefix, "weekly"), "must be empty when alwaysOpen is true");
            }
            if (holidayRule != HolidayRule.AS_USUAL) {
                throw ProblemException.invalidField(field(prefix, "holidays"),
                        "must be as-usual when alwaysOpen is true; to close on holidays give a weekly rule 00:00-24:00 for every day instead");
            }
            return OpeningHours.alwaysOpenHours();
        }
        if (weekly.size() > MAX_RULES) {
            throw ProblemException.invalidField(field(prefix, "weekly"), "must have at most " + MAX_RULES + " rules");
        }
        List<List<Interval>> days = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            days.add(new ArrayList<>());
        }
        for (int i = 0; i < weekly.size(); i++) {
            String ruleField = field(prefix, "weekly[" + i + "]");
            WeeklyRuleJson rule = weekly.get(i);
            if (rule == null) {
                throw ProblemException.invalidField(ruleField, "must not be null");
            }
            int ruleDays = days(rule.days(), ruleField + ".days");
            Interval interval = interval(rule.opens(), rule.closes(), ruleField);
            for (int day = 0; day < 7; day++) {
                if ((ruleDays & (1 << day)) != 0) {
                    days.get(day).add(interval);
                }
            }
        }
        if (holidayRule == HolidayRule.OWN && holidayJson.isEmpty()) {
            throw ProblemException.invalidField(field(prefix, "holidayIntervals"), "must list at least one interval when holidays is own");
        }
        if (holidayJson.size() > MAX_RULES) {
            throw ProblemException.invalidField(field(prefix, "holidayIntervals"), "must have at most " + MAX_RULES + " intervals");
        }
        List<Interval> holidayIntervals = new ArrayList<>();
        for (int i = 0; i < holidayJson.size(); i++) {
            String intervalField = field(prefix, "holidayIntervals[" + i + "]");
            IntervalJson interval = holidayJson.get(i);
            if (interval == null) {
                throw ProblemException.invalidField(intervalField, "must not be null");
            }
            holidayIntervals.add(interval(interval.opens(), interval.closes(), intervalField));
        }
        return OpeningHours.normalised(days, holidayRule, holidayIntervals);
    }

    private static int days(List<String> keys, String field) {
        if (keys == null || keys.isEmpty()) {
            throw ProblemException.invalidField(field, "must name at least one day: MO, TU, WE, TH, FR, SA or SU");
        }
        int days = 0;
        for (int j = 0; j < keys.size(); j++) {
            String key = keys.get(j);
            int day = key == null || key.length() != 2 ? -1 : DayKey.index(key);
            if (day < 0) {
                if (key != null && key.toUpperCase(Locale.ROOT).equals("PH")) {
                    throw ProblemException.invalidField(field + "[" + j + "]", "public holidays are set with holidays and holidayIntervals, not as a weekly day");
                }
                throw ProblemException.invalidField(field + "[" + j + "]", "must be one of MO, TU, WE, TH, FR, SA, SU");
            }
            days |= 1 << day;
        }
        return days;
    }

    private static Interval interval(String opens, String closes, String field) {
        int open = clock(opens, field + ".opens", false);
        int close = clock(closes, field + ".closes", true);
        if (open == close) {
            throw ProblemException.invalidField(field + ".closes", "must differ from opens (" + opens + ")");
        }
        return Interval.ofClock(open, close);
    }

    /** "08:00" as minutes of the day; "24:00" only when closing. */
    private static int clock(String text, String field, boolean closing) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField(field, "is required, a time such as 08:00");
        }
        if (!CLOCK.matcher(text).matches()) {
            throw ProblemException.invalidField(field, "must be a time HH:MM such as 08:00");
        }
        int hour = Integer.parseInt(text.substring(0, 2));
        int minute = Integer.parseInt(text.substring(3));
        if (hour > 24 || minute > 59 || (hour == 24 && minute > 0)) {
            throw ProblemException.invalidField(field, "must be a time from 00:00 to " + (closing ? "24:00" : "23:59"));
        }
        if (hour == 24 && !closing) {
            throw ProblemException.invalidField(field, "24:00 is only allowed as a closing time");
        }
        return hour * 60 + minute;
    }

    private static String field(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }
}
