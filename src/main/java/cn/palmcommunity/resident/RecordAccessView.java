package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One time someone in government read a resident's record: shown to the resident themselves. */
@Schema(name = "RecordAccess")
public record RecordAccessView(
        @Schema(example = "2026-10-12T15:00:00+08:00") OffsetDateTime at,
        @Schema(example = "合肥路社区社工") String actorName,
        @Schema(example = "COMMUNITY_WORKER") String actorRole,
        @Schema(example = "合肥路社区", description = "The community, street or department the reader works for") String actorUnit,
        @Schema(example = "READ_FULL_RECORD") String action,
        @Schema(example = "home visit to an aged resident living alone") String purpose) {
}
