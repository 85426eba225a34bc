package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A kind of tag residents can carry. */
@Schema(name = "TagDefinition")
public record TagDefinitionView(
        @Schema(example = "AGED_LIVING_ALONE", description = "Upper-case letters, digits and _; 2-40") String code,
        @Schema(example = "独居老人") String name,
        @Schema(example = "Aged resident living alone") String description,
        @Schema(example = "NONE", enumeration = {"NONE", "LEVEL", "OCCUPATION"}, description = "What a tag row carries besides its dates") String detail,
        @Schema(example = "false", description = "Health, income, disability, political: shown to the least people") Boolean sensitive,
        @Schema(example = "true") Boolean active) {
}
