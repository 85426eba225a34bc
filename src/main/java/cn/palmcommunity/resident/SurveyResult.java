package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a survey update changed. */
@Schema(name = "SurveyResult")
public record SurveyResult(
        @Schema(example = "90210") long residentId,
        @Schema(example = "5521") long visitId,
        @Schema(example = "2026-11-26T10:30:00+08:00") OffsetDateTime confirmedAt,
        @Schema(example = "[\"phone\", \"tag:DISABILITY\"]", description = "The values written (confirmed values included)") List<String> recorded) {
}
