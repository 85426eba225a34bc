package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the freshness job found for one community on one day (its worklist's summary). */
@Schema(name = "FreshnessCheck")
public record FreshnessCheckView(
        @Schema(example = "12") long communityId,
        @Schema(example = "2026-11-26") LocalDate checkedOn,
        @Schema(example = "9870") int residents,
        @Schema(example = "412") int stale,
        @Schema(example = "143") Integer medianAgeDays,
        @Schema(example = "2023-04-02T09:00:00+08:00") OffsetDateTime oldestConfirmedAt) {
}
