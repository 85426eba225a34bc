package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where one value of a resident's record came from. */
@Schema(name = "ValueProvenance")
public record ValueProvenance(
        @Schema(example = "phone", enumeration = {"name", "sex", "birthDate", "phone", "address", "household", "livingStatus"}) String field,
        @Schema(example = "SELF_REPORT", enumeration = {"DEPARTMENT_FEED", "COMMUNITY_SURVEY", "SELF_REPORT"}) String source,
        @Schema(example = "2026-10-12T15:00:00+08:00") OffsetDateTime recordedAt,
        @Schema(example = "17", description = "The account that entered it; null for feeds") Long enteredBy) {
}
