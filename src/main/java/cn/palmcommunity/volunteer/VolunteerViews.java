package cn.palmcommunity.volunteer;

import cn.palmcommunity.geo.GeoPoint;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API answers about volunteers, tasks, candidates, bookings and hours. */
public final class VolunteerViews {

    private VolunteerViews() {
    }

    @Schema(name = "VolunteerSkillHeldView")
    public record SkillHeldView(
            @Schema(example = "MEDIC") String code,
            @Schema(example = "110370200012345") String certificateNumber,
            @Schema(example = "2028-06-30") LocalDate certificateExpires,
            @Schema(example = "true", description = "Whether the skill counts today (no certificate needed, or one not expired)") boolean valid) {
    }

    @Schema(name = "Volunteer")
    public record Volunteer(
            @Schema(example = "101") long id,
            @Schema(example = "true", description = "Signed up from the mini program (has an account)") boolean selfRegistered,
            @Schema(example = "王玲") String name,
            @Schema(example = "13800001234") String phone,
            @Schema(example = "12") long communityId,
            GeoPoint home,
            @Schema(example = "false", description = "home is the community centre (no own position given)") boolean homeIsCommunity,
            @Schema(example = "[\"VOLUNTEER\"]") List<String> categories,
            List<SkillHeldView> skills,
            @Schema(example = "[\"普通话\"]") List<String> languages,
            @Schema(example = "Mo-Fr 18:00-21:00; Sa 09:00-17:00") String availability,
            @Schema(example = "40") int monthlyHoursCap) {
    }

    @Schema(name = "VolunteerTask")
    public record Task(
            @Schema(example = "501") long id,
            @Schema(example = "12") long communityId,
            @Schema(example = "VISIT_ELDERLY_ALONE") String kind,
            @Schema(example = "探访独居老人") String title,
            @Schema(example = "陪老人聊天，检查燃气和用电安全") String description,
            @Schema(example = "[\"ELDER_VISIT\"]") List<String> requiredSkills,
            @Schema(example = "ALL") String skillsMatch,
            @Schema(example = "2026-12-05T09:00:00+08:00") OffsetDateTime startsAt,
            @Schema(example = "2026-12-05T11:00:00+08:00") OffsetDateTime endsAt,
            GeoPoint place,
            @Schema(example = "滨海社区党群服务中心") String placeName,
            @Schema(example = "3") int headcount,
            @Schema(example = "1", description = "Places held: pending invitations and bookings") int booked,
            @Schema(example = "COMMUNITY") String visibility,
            @Schema(example = "OPEN") String status,
            @Schema(example = "300") int checkInRadiusMetres,
            @Schema(example = "4821", description = "The code the task lead shows; only staff see it") String checkInCode) {
    }

    @Schema(name = "NearbyVolunteerTask")
    public record NearbyTask(
            @Schema(example = "501") long id,
            @Schema(example = "EVENT_STAFF") String kind,
            @Schema(example = "重阳节敬老活动") String title,
            @Schema(example = "2026-12-05T09:00:00+08:00") OffsetDateTime startsAt,
            @Schema(example = "2026-12-05T11:00:00+08:00") OffsetDateTime endsAt,
            @Schema(example = "滨海社区党群服务中心") String placeName,
            GeoPoint place,
            @Schema(example = "420") int distanceMetres,
            @Schema(example = "2") int placesLeft,
            @Schema(example = "[\"EVENT_STAFF\"]") List<String> requiredSkills) {
    }

    @Schema(name = "VolunteerScoreBreakdown", description = "Each part 0-1; the score weighs them 35/25/20/10/10")
    public record Breakdown(
            @Schema(example = "1.0", description = "Share of the required skills held (valid certificates only)") double skills,
            @Schema(example = "0.82", description = "1 at the place, 0 at the search radius") double distance,
            @Schema(example = "0.5", description = "Share of the task window inside the weekly availability") double availability,
            @Schema(example = "0.7", description = "Fewer service hours in the last 90 days ranks up") double fairness,
            @Schema(example = "1.0", description = "No-shows rank down") double reliability) {
    }

    @Schema(name = "VolunteerCandidate")
    public record Candidate(
            @Schema(example = "101") long volunteerId,
            @Schema(example = "王玲") String name,
            @Schema(example = "12") long communityId,
            @Schema(example = "0.8125") double score,
            Breakdown breakdown,
            @Schema(example = "850") int distanceMetres,
            @Schema(example = "6.5") double hoursLast90Days,
            @Schema(example = "0") int noShows,
            @Schema(example = "12.0", description = "Hours served and booked in the task's month") double hoursThisMonth,
            @Schema(example = "true", description = "Has the mini program, so the invitation reaches them") boolean reachable) {
    }

    @Schema(name = "VolunteerBooking")
    public record Booking(
            @Schema(example = "9001") long id,
            @Schema(example = "501") long taskId,
            @Schema(example = "101") long volunteerId,
            @Schema(example = "王玲") String volunteerName,
            @Schema(example = "ACCEPTED", enumeration = {"INVITED", "ACCEPTED", "DECLINED", "EXPIRED", "COMPLETED", "SHORT", "NO_SHOW"}) String status,
            @Schema(example = "INVITATION") String source,
            @Schema(example = "探访独居老人") String taskTitle,
            @Schema(example = "2026-12-05T09:00:00+08:00") OffsetDateTime startsAt,
            @Schema(example = "2026-12-05T11:00:00+08:00") OffsetDateTime endsAt,
            @Schema(example = "2026-12-05T08:55:00+08:00") OffsetDateTime checkedInAt,
            @Schema(example = "2026-12-05T11:02:00+08:00") OffsetDateTime checkedOutAt,
            @Schema(example = "120", description = "Minutes credited to the time bank") Integer creditedMinutes) {
    }

    @Schema(name = "InvitationOutcome")
    public record InvitationOutcome(
            @Schema(description = "Invitations sent") List<Booking> invited,
            @Schema(example = "{\"88\": \"already on this task\"}", description = "Volunteers not invited, with why") Map<Long, String> skipped,
            @Schema(example = "0") int placesLeft) {
    }

    @Schema(name = "ServiceHoursEntry")
    public record LedgerEntry(
            @Schema(example = "5012") long id,
            @Schema(example = "SERVICE") String kind,
            @Schema(example = "120") int minutes,
            @Schema(example = "501") Long taskId,
            @Schema(example = "探访独居老人") String taskTitle,
            @Schema(example = "5011") Long correctsEntryId,
            @Schema(example = "签退时间登记错误") String reason,
            @Schema(example = "2026-12-05") LocalDate servedOn,
            @Schema(example = "2026-12-05T11:02:00+08:00") OffsetDateTime recordedAt) {
    }

    @Schema(name = "ServiceHoursLedger")
    public record Ledger(
            @Schema(example = "101") long volunteerId,
            @Schema(example = "王玲") String name,
            @Schema(example = "750", description = "Sum of all entries, in minutes") long balanceMinutes,
            @Schema(example = "12.5") double balanceHours,
            List<LedgerEntry> entries) {
    }
}
