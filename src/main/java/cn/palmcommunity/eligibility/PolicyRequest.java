package cn.palmcommunity.eligibility;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PolicyRequest", description = "A new policy; its rule versions are added separately (or the first one here)")
public record PolicyRequest(
        @Schema(example = "HIGH_AGE_ALLOWANCE", description = "Upper-case code, unique, 2-40 characters") String code,
        @Schema(example = "高龄津贴") String name,
        @Schema(example = "Monthly allowance for residents aged 80 and over") String description,
        @Schema(example = "100-500 yuan a month by age band") String benefit,
        @Schema(example = "民政科 Civil Affairs") String administeredBy,
        @Schema(example = "ONCE", enumeration = {"ONCE", "YEARLY", "MONTHLY"},
                description = "How often one resident can be a lead: once in a life, per calendar year or per month") String cycle,
        @Schema(description = "Optional first version (version 1)") PolicyVersionRequest firstVersion) {
}
