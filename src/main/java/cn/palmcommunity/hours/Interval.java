package cn.palmcommunity.hours;

import java.time.LocalTime;

/**
 * Open from {@code openMinute} to {@code closeMinute}, both counted in minutes from the start of the
 * day the interval opens on. {@code closeMinute} above 1440 runs past midnight: 22:00-02:00 is
 * 1320..1560 and belongs to the day it opens. Shorter than 24 hours, except 00:00-24:00.
 */
public record Interval(int openMinute, int closeMinute) {

    public static final int DAY = 24 * 60;

    public Interval {
        if (openMinute < 0 || openMinute >= DAY) {
            throw new IllegalArgumentException("openMinute must be 0..1439: " + openMinute);
        }
        int length = closeMinute - openMinute;
        // A full 24 hours is only 00:00-24:00: "08:00-08:00" would read as nothing at all.
        if (length <= 0 || length > DAY || (length == DAY && openMinute != 0)) {
            throw new IllegalArgumentException("closeMinute must be after openMinute and less than 24 hours later: " + openMinute + ".." + closeMinute);
        }
    }

    /** The whole day, 00:00-24:00. */
    public static Interval allDay() {
        return new Interval(0, DAY);
    }

    /**
     * From opening and closing clock times in minutes of the day (closing 0..1440, 1440 being 24:00);
     * a closing time at or before the opening time means the next day.
     */
    public static Interval ofClock(int openMinuteOfDay, int closeMinuteOfDay) {
        if (openMinuteOfDay == closeMinuteOfDay) {
            throw new IllegalArgumentException("opening and closing times must differ");
        }
        return new Interval(openMinuteOfDay, closeMinuteOfDay < openMinuteOfDay ? closeMinuteOfDay + DAY : closeMinuteOfDay);
    }

    public LocalTime opens() {
        return LocalTime.of(openMinute / 60, openMinute % 60);
    }

    /** Whether it runs past midnight into the next day. */
    public boolean pastMidnight() {
        return closeMinute > DAY;
    }

    /** "08:00". */
    public String opensText() {
        return clock(openMinute);
    }

    /** "18:00", "24:00" for midnight at the end of the opening day, "02:00" past midnight. */
    public String closesText() {
        return clock(closeMinute == DAY ? DAY : closeMinute % DAY);
    }

    /** "08:00-18:00". */
    @Override
    public String toString() {
        return opensText() + "-" + closesText();
    }

    private static String clock(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }
}
