package cn.palmcommunity.resident.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Open discrepancies of one community. */
@Schema(name = "DiscrepancyCount")
public record DiscrepancyCount(
        @Schema(example = "12") long communityId,
        @Schema(example = "宁夏路社区") String communityName,
        @Schema(example = "37") long open) {
}
