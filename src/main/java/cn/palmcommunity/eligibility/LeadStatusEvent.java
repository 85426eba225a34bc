package cn.palmcommunity.eligibility;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One step in a lead's history. The first, with no fromStatus, is the sweep finding it (when the sweep records one). */
@Schema(name = "LeadStatusEvent")
public record LeadStatusEvent(
        @Schema(example = "88") long id,
        @Schema(example = "NEW") String fromStatus,
        @Schema(example = "CONTACTED") String toStatus,
        @Schema(example = "电话联系老人女儿，约周三上门办理") String note,
        @Schema(example = "42", description = "Null for the system") Long actorId,
        @Schema(example = "张社工") String actorName,
        @Schema(example = "2026-11-21T09:30:00Z") OffsetDateTime at) {
}
