package cn.palmcommunity.eligibility;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker moves a lead on: the new status, the version they saw, and a note. */
@Schema(name = "LeadStatusChange")
public record LeadStatusChange(
        @Schema(example = "CONTACTED", required = true, description = "CONTACTED, APPLIED, GRANTED, DECLINED or NOT_ELIGIBLE") String status,
        @Schema(example = "0", required = true, description = "The lead's version as you saw it") Integer version,
        @Schema(example = "电话联系老人女儿，约周三上门办理", description = "Up to 1000 characters; required for DECLINED and NOT_ELIGIBLE") String note) {
}
