package cn.palmcommunity.organisation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Community", description = "A community (社区)")
public record CommunityView(
        @Schema(example = "12") long id,
        @Schema(example = "S03C02") String code,
        @Schema(example = "合肥路社区") String name,
        @Schema(example = "3") long streetId,
        @Schema(example = "登州路街道") String streetName,
        @Schema(example = "6") int grids) {
}
