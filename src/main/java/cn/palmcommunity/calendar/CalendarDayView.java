package cn.palmcommunity.calendar;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CalendarDay", description = "An exception to the Monday-to-Friday working week")
public record CalendarDayView(
        @Schema(example = "2026-10-01") LocalDate day,
        @Schema(example = "HOLIDAY") CalendarDayKind kind,
        @Schema(example = "国庆节") String name,
        @Schema(example = "7", description = "The account that last set it; absent for the seeded State Council schedule") Long updatedBy,
        @Schema(example = "2025-11-05T09:30:00Z") OffsetDateTime updatedAt) {
}
