package cn.palmcommunity.resident.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker's answer to a discrepancy: which side holds. */
@Schema(name = "DiscrepancyResolution")
public record DiscrepancyResolution(
        @Schema(example = "FEED", required = true, enumeration = {"FEED", "COMMUNITY"},
                description = "FEED applies the department's value (with its provenance); COMMUNITY keeps the recorded one, confirmed now")
        String keep,
        @Schema(example = "0", required = true, description = "The version you saw") Integer version,
        @Schema(example = "家属确认已于10月30日去世") String note) {
}
