package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A home visit (走访) recorded for a resident. */
@Schema(name = "Visit")
public record VisitView(
        @Schema(example = "5521") long id,
        @Schema(example = "1024") long residentId,
        @Schema(example = "2026-11-20T10:00:00+08:00") OffsetDateTime visitedAt,
        @Schema(example = "身体良好") String note) {
}
