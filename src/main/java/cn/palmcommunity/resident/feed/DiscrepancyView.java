package cn.palmcommunity.resident.feed;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A feed value that disagrees with what the community recorded, and what became of it. */
@Schema(name = "Discrepancy")
public record DiscrepancyView(
        @Schema(example = "311") long id,
        @Schema(example = "90210") long residentId,
        @Schema(example = "王建国") String residentName,
        @Schema(example = "12") long communityId,
        @Schema(example = "livingStatus", description = "livingStatus, household, phone, education, or tag:CODE") String field,
        @Schema(example = "LIVING") String communityValue,
        @Schema(example = "COMMUNITY_SURVEY", enumeration = {"COMMUNITY_SURVEY", "SELF_REPORT"}) String communitySource,
        @Schema(example = "2026-11-02T10:00:00+08:00") OffsetDateTime communityRecordedAt,
        @Schema(example = "DECEASED (2026-10-30)") String feedValue,
        @Schema(example = "CIVIL_AFFAIRS", description = "The department that sent the feed row") String source,
        @Schema(example = "DEATH") String feed,
        @Schema(example = "D-2026-000123") String feedRecordId,
        @Schema(example = "1") long feedVersion,
        @Schema(example = "OPEN", enumeration = {"OPEN", "FEED_CONFIRMED", "COMMUNITY_CONFIRMED"}) String status,
        @Schema(example = "2026-11-26T09:01:00+08:00") OffsetDateTime createdAt,
        @Schema(example = "2026-11-27T15:20:00+08:00") OffsetDateTime resolvedAt,
        @Schema(example = "17") Long resolvedBy,
        @Schema(example = "家属确认已于10月30日去世") String resolutionNote,
        @Schema(example = "0", description = "Send it back when resolving; a stale one answers 409") int version) {
}
