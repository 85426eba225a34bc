package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One tag of a resident, with its dates and where it came from. */
@Schema(name = "ResidentTag")
public record ResidentTagView(
        @Schema(example = "9001") long id,
        @Schema(example = "DISABILITY") String code,
        @Schema(example = "残疾") String name,
        @Schema(example = "2", description = "Disability level 1-4, for tags with a level") Integer level,
        @Schema(example = "DELIVERY_RIDER", description = "For new-employment workers") String occupation,
        @Schema(example = "2019-05-01") LocalDate since,
        @Schema(example = "2026-01-31", description = "Null while the tag holds") LocalDate until,
        @Schema(example = "DEPARTMENT_FEED", enumeration = {"DEPARTMENT_FEED", "COMMUNITY_SURVEY", "SELF_REPORT"}) String source,
        @Schema(example = "17") Long enteredBy,
        @Schema(example = "2026-03-01T09:30:00+08:00") OffsetDateTime enteredAt,
        @Schema(example = "2026-10-12T15:00:00+08:00", description = "Last time someone confirmed the tag still holds") OffsetDateTime confirmedAt) {
}
