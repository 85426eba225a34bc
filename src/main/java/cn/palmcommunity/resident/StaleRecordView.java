package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A record not confirmed for over a year: who to visit. */
@Schema(name = "StaleRecord")
public record StaleRecordView(
        @Schema(example = "90210") long residentId,
        @Schema(example = "王建国") String name,
        @Schema(example = "12") long communityId,
        @Schema(example = "31") Long gridId,
        @Schema(example = "宁夏路小区3号楼2单元501室") String address,
        @Schema(example = "2025-03-01T09:00:00+08:00") OffsetDateTime confirmedAt,
        @Schema(example = "635") int ageDays) {
}
