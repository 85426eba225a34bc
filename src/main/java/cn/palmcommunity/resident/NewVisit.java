package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A home visit; now when no time is given. */
@Schema(name = "NewVisit")
public record NewVisit(
        @Schema(example = "2026-11-20T10:00:00+08:00") OffsetDateTime visitedAt,
        @Schema(example = "身体良好", description = "At most 500 characters") String note) {
}
