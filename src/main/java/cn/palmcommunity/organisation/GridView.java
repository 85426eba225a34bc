package cn.palmcommunity.organisation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Grid", description = "A grid (网格) inside a community")
public record GridView(
        @Schema(example = "71") long id,
        @Schema(example = "S03C02G04") String code,
        @Schema(example = "第4网格") String name) {
}
