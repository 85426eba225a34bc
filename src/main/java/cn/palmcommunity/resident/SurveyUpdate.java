package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a worker found on a home visit. Every part is optional: an empty update records the visit
 * and confirms the record as it stands.
 */
@Schema(name = "SurveyUpdate")
public record SurveyUpdate(
        @Schema(example = "2026-11-26T10:30:00+08:00", description = "When the visit took place; now when absent") OffsetDateTime visitedAt,
        @Schema(example = "老人身体尚可，子女每周探望") String note,
        @Schema(example = "13912345678") String phone,
        @Schema(example = "LIVING", enumeration = {"LIVING", "DECEASED", "MOVED_OUT"}) String livingStatus,
        @Schema(description = "A new home inside your scope") Home home,
        @Schema(description = "Tags found to hold (with their detail) or no longer to hold") List<TagFinding> tags) {

    @Schema(name = "SurveyHome")
    public record Home(
            @Schema(example = "31", required = true) Long compoundId,
            @Schema(example = "3", required = true) String building,
            @Schema(example = "2") String unit,
            @Schema(example = "501", required = true) String room) {
    }

    @Schema(name = "SurveyTagFinding")
    public record TagFinding(
            @Schema(example = "DISABILITY", required = true) String code,
            @Schema(example = "true", required = true, description = "false ends the tag") Boolean holds,
            @Schema(example = "2", description = "For tags with a level (1-4)") Integer level,
            @Schema(example = "DELIVERY_RIDER", description = "For tags with an occupation") String occupation) {
    }
}
