package cn.palmcommunity.organisation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Street", description = "A street (街道) and how many of its communities you can see")
public record StreetView(
        @Schema(example = "3") long id,
        @Schema(example = "S03") String code,
        @Schema(example = "登州路街道") String name,
        @Schema(example = "7") int communities) {
}
