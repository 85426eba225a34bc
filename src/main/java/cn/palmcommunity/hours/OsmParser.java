package cn.palmcommunity.hours;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the subset of the OpenStreetMap {@code opening_hours} syntax described on
 * {@link OpeningHours#parseOsm(String)}, applying rules in order the way OSM does: a later rule
 * replaces the hours of the days it names. Everything outside the subset is refused with the
 * position where it starts, never guessed at.
 */
final class OsmParser {

    private static final List<Interval> ALL_DAY = List.of(Interval.allDay());
    private static final Set<String> MONTHS = Set.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final Set<String> SUN_EVENTS = Set.of("sunrise", "sunset", "dawn", "dusk");

    private final String text;
    private int pos;

    private final List<List<Interval>> days = new ArrayList<>(List.of(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
    private HolidayRule holidayRule = HolidayRule.AS_USUAL;
    private List<Interval> holidayIntervals = List.of();
    /** A rule naming PH is in force; a later rule for only some weekdays would then be ambiguous. */
    private boolean holidayRuleGiven;

    private OsmParser(String text) {
        this.text = text;
    }

    static OpeningHours parse(String text) {
        if (text == null) {
            throw new OpeningHoursSyntaxException("expected opening hours such as Mo-Fr 08:00-18:00", 0);
        }
        return new OsmParser(text).read();
    }

    private OpeningHours read() {
        skipSpace();
        if (atEnd()) {
            throw error("expected opening hours such as Mo-Fr 08:00-18:00", pos);
        }
        while (true) {
            rule();
            skipSpace();
            if (atEnd()) {
                break;
            }
            if (peek() != ';') {
                throw notHere(isDigit(peek()) ? "expected ',' between times or ';' between rules" : "expected ';' between rules");
            }
            pos++;
            skipSpace();
            if (atEnd()) {
                break; // a trailing ';' is common and harmless
            }
        }
        return OpeningHours.normalised(days, holidayRule, holidayIntervals);
    }

    private void rule() {
        int start = pos;
        if (text.startsWith("24/7", pos)) {
            pos += 4;
            applyEveryDay(ALL_DAY);
            return;
        }
        int weekdays = 0;
        boolean holiday = false;
        boolean selector = false;
        if (isLetter(peek()) && !isStateWord(wordAt(pos))) {
            selector = true;
            while (true) {
                int dayPos = pos;
                String word = readWord();
                if (word.equalsIgnoreCase("PH")) {
                    holiday = true;
                } else {
                    weekdays |= weekdayOrRange(word, dayPos);
                }
                int save = pos;
                skipSpace();
                if (peek() != ',') {
                    pos = save;
                    break;
                }
                pos++;
                skipSpace();
                if (!isLetter(peek())) {
                    throw notHere("expected a day such as Fr");
                }
            }
        }
        skipSpace();
        List<Interval> hours;
        if (atEnd() || peek() == ';') {
            if (!selector) {
                throw error("expected a day such as Mo or a time such as 08:00", pos);
            }
            hours = ALL_DAY; // "Mo-Fr" alone: open all day, as OSM reads it
        } else if (isLetter(peek())) {
            int wordPos = pos;
            String word = readWord();
            if (!isStateWord(word)) {
                throw unsupportedWord(word, wordPos, selector ? "expected a time such as 08:00 or off" : "expected a day such as Mo or a time such as 08:00");
            }
            if (!word.equalsIgnoreCase("off") && !word.equalsIgnoreCase("closed")) {
                throw error("the state '" + word + "' is not supported; give times such as 08:00-18:00, or off", wordPos);
            }
            hours = List.of();
        } else if (isDigit(peek())) {
            if (!selector && isYear(pos)) {
                throw error("year selectors such as 2024 are not supported", pos);
            }
            if (selector && text.startsWith("24/7", pos)) {
                throw error("24/7 cannot follow a day selector; use 00:00-24:00", pos);
            }
            hours = timeList();
        } else {
            throw notHere(selector ? "expected a time such as 08:00" : "expected a day such as Mo or a time such as 08:00");
        }
        if (!selector) {
            applyEveryDay(hours);
            return;
        }
        if (weekdays != 0) {
            if (holidayRuleGiven && !holiday && weekdays != DayKey.ALL) {
                // OSM would apply it to holidays on those weekdays only: not expressible as one PH rule.
                throw error("a rule for some weekdays after a PH rule is not supported; put the PH rule last", start);
            }
            for (int day = 0; day < 7; day++) {
                if ((weekdays & (1 << day)) != 0) {
                    days.set(day, hours);
                }
            }
            if (weekdays == DayKey.ALL && !holiday) {
                // Every weekday includes every holiday: the rule replaces the holiday rule too.
                resetHolidays();
            }
        }
        if (holiday) {
            holidayRule = hours.isEmpty() ? HolidayRule.CLOSED : HolidayRule.OWN;
            holidayIntervals = hours;
            holidayRuleGiven = true;
        }
    }

    /** A rule without a day selector (times alone, off, 24/7) covers every day, holidays included. */
    private void applyEveryDay(List<Interval> hours) {
        for (int day = 0; day < 7; day++) {
            days.set(day, hours);
        }
        resetHolidays();
    }

    private void resetHolidays() {
        holidayRule = HolidayRule.AS_USUAL;
        holidayIntervals = List.of();
        holidayRuleGiven = false;
    }

    /** "Mo" or "Mo-Fr" (also wrapping, "Fr-Mo"), the first name already read. */
    private int weekdayOrRange(String word, int wordPos) {
        int from = DayKey.index(word);
        if (from < 0) {
            throw unsupportedWord(word, wordPos, "unknown day '" + word + "'; expected Mo, Tu, We, Th, Fr, Sa, Su or PH");
        }
        refuseNth();
        int save = pos;
        skipSpace();
        if (peek() != '-') {
            pos = save;
            return 1 << from;
        }
        pos++;
        skipSpace();
        int toPos = pos;
        String toWord = readWord();
        int to = DayKey.index(toWord);
        if (to < 0) {
            if (toWord.isEmpty()) {
                throw error("expected a day such as Fr", toPos);
            }
            throw unsupportedWord(toWord, toPos, "unknown day '" + toWord + "'; expected Mo, Tu, We, Th, Fr, Sa or Su");
        }
        refuseNth();
        return DayKey.range(from, to);
    }

    private void refuseNth() {
        if (peek() == '[') {
            throw error("nth-weekday selectors such as Mo[1] are not supported", pos);
        }
    }

    /** "08:00-12:00,14:00-18:00". */
    private List<Interval> timeList() {
        List<Interval> intervals = new ArrayList<>();
        while (true) {
            intervals.add(span());
            int save = pos;
            skipSpace();
            if (peek() != ',') {
                pos = save;
                return intervals;
            }
            pos++;
            skipSpace();
            if (isLetter(peek())) {
                throw error("additional rules separated by ',' are not supported; separate rules with ';'", pos);
            }
        }
    }

    private Interval span() {
        int open = time(false);
        skipSpace();
        if (peek() != '-') {
            throw notHere("expected '-' and a closing time such as 18:00");
        }
        pos++;
        skipSpace();
        int closePos = pos;
        int close = time(true);
        if (peek() == '/') {
            throw error("repeating times (/) are not supported", pos);
        }
        if (close == open) {
            throw error("the closing time must differ from the opening time", closePos);
        }
        return Interval.ofClock(open, close);
    }

    /** "08:00" as minutes of the day; 24:00 (1440) only as a closing time. One-digit hours are tolerated. */
    private int time(boolean closing) {
        int start = pos;
        int digits = 0;
        while (isDigit(charAt(pos + digits))) {
            digits++;
        }
        if (digits == 0) {
            throw notHere("expected a time such as 08:00");
        }
        if (digits > 2 || charAt(pos + digits) != ':' || !isDigit(charAt(pos + digits + 1)) || !isDigit(charAt(pos + digits + 2))
                || isDigit(charAt(pos + digits + 3))) {
            throw error("expected a time such as 08:00", start);
        }
        int hour = Integer.parseInt(text.substring(pos, pos + digits));
        int minute = Integer.parseInt(text.substring(pos + digits + 1, pos + digits + 3));
        if (hour > 24) {
            throw error("hours must be 00 to 24", start);
        }
        if (minute > 59) {
            throw error("minutes must be 00 to 59", pos + digits + 1);
        }
        if (hour == 24 && minute != 0) {
            throw error("times after 24:00 are not supported", start);
        }
        if (hour == 24 && !closing) {
            throw error("24:00 is only allowed as a closing time", start);
        }
        pos += digits + 3;
        if (peek() == '+') {
            throw error("open-ended times (+) are not supported", pos);
        }
        return hour * 60 + minute;
    }

    // ---- errors that name what was found ----

    /** What was expected at {@code pos}, unless the text there is a known unsupported feature. */
    private OpeningHoursSyntaxException notHere(String expected) {
        char c = peek();
        if (c == '|' && charAt(pos + 1) == '|') {
            return error("fallback rules (||) are not supported", pos);
        }
        if (c == '"') {
            return error("comments are not supported", pos);
        }
        if (c == '+') {
            return error("open-ended times (+) are not supported", pos);
        }
        if (c == '(') {
            return error("variable times such as (sunrise-01:00) are not supported", pos);
        }
        if (isLetter(c)) {
            return unsupportedWord(wordAt(pos), pos, expected);
        }
        if (atEnd()) {
            return error(expected + " but the text ended", pos);
        }
        return error(expected, pos);
    }

    private static OpeningHoursSyntaxException unsupportedWord(String word, int at, String otherwise) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (MONTHS.contains(lower)) {
            return error("month selectors such as " + word + " are not supported", at);
        }
        if (lower.equals("week")) {
            return error("week selectors are not supported", at);
        }
        if (SUN_EVENTS.contains(lower)) {
            return error("times relative to sunrise or sunset are not supported", at);
        }
        if (lower.equals("sh")) {
            return error("school holidays (SH) are not supported", at);
        }
        if (lower.equals("easter")) {
            return error("easter is not supported", at);
        }
        return error(otherwise, at);
    }

    private static OpeningHoursSyntaxException error(String problem, int at) {
        return new OpeningHoursSyntaxException(problem, at);
    }

    // ---- characters ----

    private static boolean isStateWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return lower.equals("off") || lower.equals("closed") || lower.equals("open") || lower.equals("unknown");
    }

    private boolean isYear(int at) {
        for (int i = 0; i < 4; i++) {
            if (!isDigit(charAt(at + i))) {
                return false;
            }
        }
        return !isDigit(charAt(at + 4)) && charAt(at + 4) != ':';
    }

    private String wordAt(int at) {
        int end = at;
        while (isLetter(charAt(end))) {
            end++;
        }
        return text.substring(at, end);
    }

    private String readWord() {
        String word = wordAt(pos);
        pos += word.length();
        return word;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return charAt(pos);
    }

    /** The character at {@code at}, or 0 past the end. */
    private char charAt(int at) {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
