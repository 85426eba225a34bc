package cn.palmcommunity.volunteer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What clients send about volunteers, tasks, bookings and hours. */
public final class VolunteerCommands {

    private VolunteerCommands() {
    }

    @Schema(name = "VolunteerSkillHeld", description = "A skill a person has; a certificate where the skill requires one")
    public record SkillHeld(
            @Schema(example = "MEDIC") @NotBlank String code,
            @Schema(example = "110370200012345") @Size(max = 60) String certificateNumber,
            @Schema(example = "2028-06-30") LocalDate certificateExpires) {
    }

    @Schema(name = "VolunteerProfile", description = "A person of a governance force: who, where, what they can do and when")
    public record Profile(
            @Schema(example = "王玲") @NotBlank @Size(max = 40) String name,
            @Schema(example = "13800001234") @Pattern(regexp = "1\\d{10}", message = "must be an 11-digit mobile number") String phone,
            @Schema(example = "12", description = "The home community; from the home position when left out") Long communityId,
            @Schema(description = "Home position (distance is measured from here); the community centre when left out") @Valid Position home,
            @Schema(example = "[\"VOLUNTEER\", \"PARTY_MEMBER\"]") @NotNull @Size(min = 1, max = 9) List<@NotBlank String> categories,
            @Schema(description = "Skills with certificates") @NotNull @Size(max = 54) List<@Valid @NotNull SkillHeld> skills,
            @Schema(example = "[\"普通话\", \"青岛话\"]") List<@NotBlank @Size(max = 20) String> languages,
            @Schema(example = "Mo-Fr 18:00-21:00; Sa 09:00-17:00", description = "Weekly availability, OpenStreetMap opening_hours syntax")
            @Size(max = 500) String availability,
            @Schema(example = "40", description = "At most this many service hours a month") @Min(1) @Max(300) Integer monthlyHoursCap) {
    }

    @Schema(name = "NewVolunteerTask")
    public record NewTask(
            @Schema(example = "12") @NotNull Long communityId,
            @Schema(example = "VISIT_ELDERLY_ALONE", enumeration = {"VISIT_ELDERLY_ALONE", "EVENT_STAFF", "PATROL", "LEGAL_CONSULTATION", "SCREENING_DAY", "OTHER"})
            @NotNull @Pattern(regexp = "VISIT_ELDERLY_ALONE|EVENT_STAFF|PATROL|LEGAL_CONSULTATION|SCREENING_DAY|OTHER",
                    message = "must be VISIT_ELDERLY_ALONE, EVENT_STAFF, PATROL, LEGAL_CONSULTATION, SCREENING_DAY or OTHER") String kind,
            @Schema(example = "探访独居老人") @NotBlank @Size(max = 80) String title,
            @Schema(example = "陪老人聊天，检查燃气和用电安全") @Size(max = 2000) String description,
            @Schema(example = "[\"ELDER_VISIT\"]") List<@NotBlank String> requiredSkills,
            @Schema(example = "ALL", description = "ALL (default): every required skill; ANY: at least one")
            @Pattern(regexp = "ALL|ANY", message = "must be ALL or ANY") String skillsMatch,
            @Schema(example = "2026-12-05T09:00:00+08:00") @NotNull OffsetDateTime startsAt,
            @Schema(example = "2026-12-05T11:00:00+08:00") @NotNull OffsetDateTime endsAt,
            @NotNull @Valid Position place,
            @Schema(example = "滨海社区党群服务中心") @Size(max = 120) String placeName,
            @Schema(example = "3") @NotNull @Min(1) @Max(500) Integer headcount,
            @Schema(example = "COMMUNITY", enumeration = {"COMMUNITY", "STREET", "PUBLIC"})
            @NotNull @Pattern(regexp = "COMMUNITY|STREET|PUBLIC", message = "must be COMMUNITY, STREET or PUBLIC") String visibility,
            @Schema(example = "300", description = "Check-in by position within this many metres of the place (default 300)")
            @Min(20) @Max(5000) Integer checkInRadiusMetres) {
    }

    @Schema(name = "VolunteerInvitations", description = "Whom to invite; leave out volunteerIds to invite the best-ranked for every free place")
    public record Invitations(
            @Schema(example = "[101, 102]") @Size(max = 500) List<@NotNull Long> volunteerIds) {
    }

    @Schema(name = "VolunteerAttendance", description = "Check in or out: a position at the place, or the code the task lead shows")
    public record Attendance(
            @Valid Position position,
            @Schema(example = "4821") @Size(max = 12) String code) {
    }

    @Schema(name = "ServiceHoursCorrection", description = "A correction to the time bank: a new entry with a reason, never an edit")
    public record Correction(
            @Schema(example = "-30", description = "Minutes to add (negative to take away)") @NotNull @Min(-6000) @Max(6000) Integer minutes,
            @Schema(example = "签退时间登记错误，核减30分钟") @NotBlank @Size(min = 2, max = 200) String reason,
            @Schema(example = "5012", description = "The entry being corrected, if any") Long correctsEntryId,
            @Schema(example = "2026-12-05", description = "The day the service was given (default: the corrected entry's, else today)") LocalDate servedOn) {
    }
}
