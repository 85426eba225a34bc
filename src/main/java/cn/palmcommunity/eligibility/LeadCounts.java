package cn.palmcommunity.eligibility;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Coverage: how many leads each policy has in each community, by status, and how many were granted. */
@Schema(name = "LeadCounts")
public record LeadCounts(
        @Schema(description = "One row per policy and community, in policy then community order") List<Row> rows) {

    @Schema(name = "LeadCountsRow")
    public record Row(
            @Schema(example = "3") long policyId,
            @Schema(example = "HIGH_AGE_ALLOWANCE") String policyCode,
            @Schema(example = "高龄津贴") String policyName,
            @Schema(example = "12") long communityId,
            @Schema(example = "合肥路社区") String communityName,
            @Schema(example = "40") long total,
            @Schema(example = "{\"NEW\": 10, \"CONTACTED\": 5, \"APPLIED\": 3, \"GRANTED\": 20, \"DECLINED\": 1, \"NOT_ELIGIBLE\": 1, \"CLOSED\": 0}",
                    description = "Every status, zeros included") Map<String, Long> byStatus,
            @Schema(example = "0.5", description = "GRANTED / total, 0 when there are none") double grantedShare) {
    }
}
