package cn.palmcommunity.hours;

/**
 * One opening interval flattened for SQL "open now" filters. {@code day} is 0 = Monday .. 6 = Sunday,
 * or 7 = public holiday (the holiday rule's own intervals). Minutes count from the start of that
 * day: {@code openMinute} 0..1439, {@code closeMinute} openMinute+1 .. 2880, above 1440 when the
 * interval runs past midnight into the next day.
 *
 * <p>Open at local minute-of-day {@code m} on a day with key {@code k} (7 if the day is a public
 * holiday and the place {@link OpeningHours#hasHolidayRule() has a holiday rule}, else its weekday)
 * when a row of key {@code k} has {@code openMinute <= m < closeMinute}, or a row of yesterday's key
 * (computed the same way for yesterday) has {@code openMinute <= m + 1440 < closeMinute}.
 */
public record WeeklyRow(int day, int openMinute, int closeMinute) {

    public static final int HOLIDAY = 7;
}
