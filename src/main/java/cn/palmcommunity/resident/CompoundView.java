package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A housing compound (小区): it lies in one community and one grid. */
@Schema(name = "Compound")
public record CompoundView(
        @Schema(example = "5") Long id,
        @Schema(example = "12") Long communityId,
        @Schema(example = "71") Long gridId,
        @Schema(example = "合肥路17号院") String name,
        @Schema(example = "合肥路17号") String streetAddress) {
}
