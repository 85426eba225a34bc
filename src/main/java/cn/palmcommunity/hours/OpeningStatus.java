package cn.palmcommunity.hours;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether a place is open at a moment, and when that changes. */
@Schema(name = "OpeningStatus", description = "Open now, and when it closes or next opens (Asia/Shanghai time)")
public record OpeningStatus(
        @Schema(example = "true") boolean openNow,
        @Schema(example = "2026-01-15T10:00:00Z", description = "When it closes, if open; absent when open around the clock for more than 8 days") Instant closesAt,
        @Schema(example = "2026-01-16T00:00:00Z", description = "When it next opens, if closed; absent when not within 8 days") Instant opensAt,
        @Schema(example = "供暖检修", description = "Why it is closed, when a temporary closure covers this moment") String closureReason) {
}
