package cn.palmcommunity.hours;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Weekday names in both forms (OSM "Mo", JSON "MO"); sets of weekdays are bit masks, bit 0 = Monday. */
final class DayKey {

    static final String[] OSM = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    static final int ALL = 0b111_1111;

    private DayKey() {
    }

    /** 0 = Monday .. 6 = Sunday for a two-letter name in any case, or -1. */
    static int index(String name) {
        for (int i = 0; i < 7; i++) {
            if (OSM[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Days from {@code from} to {@code to}, wrapping past Sunday (Fr-Mo is Fr, Sa, Su, Mo). */
    static int range(int from, int to) {
        int days = 0;
        for (int i = from; ; i = (i + 1) % 7) {
            days |= 1 << i;
            if (i == to) {
                return days;
            }
        }
    }

    /** "Mo-We,Fr", "Sa-Su": runs of consecutive days as ranges, never wrapping past Sunday. */
    static String osmDays(int days) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < 7) {
            if ((days & (1 << i)) == 0) {
                i++;
                continue;
            }
            int end = i;
            while (end + 1 < 7 && (days & (1 << (end + 1))) != 0) {
                end++;
            }
            parts.add(end == i ? OSM[i] : OSM[i] + "-" + OSM[end]);
            i = end + 1;
        }
        return String.join(",", parts);
    }

    /** ["MO", "TU"]. */
    static List<String> jsonDays(int days) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            if ((days & (1 << i)) != 0) {
                keys.add(OSM[i].toUpperCase(Locale.ROOT));
            }
        }
        return List.copyOf(keys);
    }
}
