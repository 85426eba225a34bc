/**
 * Volunteer and governance-force matching (issue 7).
 *
 * <ul>
 *   <li>{@link cn.palmcommunity.volunteer.Volunteers}: people, their skills, certificates, weekly
 *       availability (rows of {@link cn.palmcommunity.hours.OpeningHours#weeklyRows()}), home.</li>
 *   <li>{@link cn.palmcommunity.volunteer.Skills}: the managed skill list.</li>
 *   <li>{@link cn.palmcommunity.volunteer.VolunteerTasks}: tasks and browsing open ones nearby.</li>
 *   <li>{@link cn.palmcommunity.volunteer.Matching}: the ranking, one SQL statement per candidate source.</li>
 *   <li>{@link cn.palmcommunity.volunteer.Bookings}: invitations, answers with automatic refill, sign-ups.</li>
 *   <li>{@link cn.palmcommunity.volunteer.Attendance} and {@link cn.palmcommunity.volunteer.NoShowJob}:
 *       check-in/out, the 60% rule, no-shows.</li>
 *   <li>{@link cn.palmcommunity.volunteer.HoursLedger}: the append-only time bank and its certificate.</li>
 * </ul>
 *
 * <p>Two rules hold in the database whatever the request order: a task never has more places held
 * than its headcount (the task row is locked for every change of places, and a CHECK backs it), and
 * a person is never booked on two overlapping tasks (exclusion constraint on
 * {@code volunteer_booking (volunteer_id =, period &&) WHERE active}).
 *
 * <p>Times are judged by the shared {@link java.time.Clock} bean (cn.palmcommunity.calendar.Clocks), passed into SQL as
 * parameters, so tests can move it.
 */
package cn.palmcommunity.volunteer;
