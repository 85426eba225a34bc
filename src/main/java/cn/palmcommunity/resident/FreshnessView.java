package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How old one community's records are (living residents), by their last confirmation. */
@Schema(name = "CommunityFreshness")
public record FreshnessView(
        @Schema(example = "12") long communityId,
        @Schema(example = "宁夏路社区") String communityName,
        @Schema(example = "9870") long residents,
        @Schema(example = "412", description = "Records not confirmed for over a year") long stale,
        @Schema(example = "143", description = "Median days since the last confirmation") Integer medianAgeDays,
        @Schema(example = "2023-04-02T09:00:00+08:00") OffsetDateTime oldestConfirmedAt) {
}
