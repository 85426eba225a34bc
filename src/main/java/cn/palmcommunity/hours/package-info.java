/**
 * Opening hours of places riders and residents walk into (stations, legal-aid desks, eateries):
 * {@link cn.palmcommunity.hours.OpeningHours} read from and written to the OpenStreetMap
 * {@code opening_hours} syntax or the structured {@link cn.palmcommunity.hours.OpeningHoursJson},
 * "open now / closes at / opens at" with public holidays and temporary closures
 * ({@link cn.palmcommunity.hours.OpeningHours#statusAt}), and rows for SQL filters. Pure Java, no
 * database: callers pass the holiday test, usually {@code WorkingCalendar::isPublicHoliday}, and a
 * time in {@code ChinaTime.CHINA}.
 *
 * <p>The "open now" filter over stored {@link cn.palmcommunity.hours.WeeklyRow}s, with the minute of
 * the day {@code :m}, weekday keys 0 = Monday .. 6 = Sunday and the holiday flags of today and
 * yesterday computed in Java:
 * <pre>
 * EXISTS (SELECT 1 FROM station_hours h WHERE h.station_id = s.id AND (
 *     (h.day = CASE WHEN :todayHoliday AND s.has_holiday_rule THEN 7 ELSE :todayKey END
 *      AND h.open_minute &lt;= :m AND :m &lt; h.close_minute)
 *  OR (h.day = CASE WHEN :yesterdayHoliday AND s.has_holiday_rule THEN 7 ELSE :yesterdayKey END
 *      AND h.open_minute &lt;= :m + 1440 AND :m + 1440 &lt; h.close_minute)))
 * </pre>
 * Temporary closures are checked separately (a closure covering now means closed).
 */
package cn.palmcommunity.hours;
