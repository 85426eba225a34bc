package cn.palmcommunity.petition;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The hotspot map as GeoJSON (RFC 7946): WGS-84, positions as [longitude, latitude]. */
public final class HotspotFeatures {

    public static final String MEDIA_TYPE = "application/geo+json";

    private HotspotFeatures() {
    }

    @Schema(name = "HotspotCollection", description = "A GeoJSON FeatureCollection, one feature per grid cell or community, busiest first")
    public record Collection(
            @Schema(example = "FeatureCollection", enumeration = "FeatureCollection") String type,
            List<Feature> features) {
    }

    @Schema(name = "HotspotFeature")
    public record Feature(
            @Schema(example = "Feature", enumeration = "Feature") String type,
            @Schema(example = "250m:13400:4309", description = "The cell (size:column:row in the metric grid) or the community id") String id,
            @Schema(description = "Null for a community with neither boundary nor centre") Geometry geometry,
            Properties properties) {
    }

    @Schema(name = "HotspotGeometry", description = "Polygon (a grid cell), MultiPolygon (a community boundary) or Point (a community centre)")
    public record Geometry(
            @Schema(example = "Polygon", enumeration = {"Polygon", "MultiPolygon", "Point"}) String type,
            @Schema(type = SchemaType.ARRAY, description = "[longitude, latitude] positions; rings closed and counter-clockwise",
                    example = "[[[120.3745, 36.0856], [120.3767, 36.0856], [120.3767, 36.0874], [120.3745, 36.0874], [120.3745, 36.0856]]]")
            Object coordinates) {
    }

    @Schema(name = "HotspotProperties")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(
            @Schema(example = "250m:13400:4309", description = "By cell: the cell") String cell,
            @Schema(example = "12", description = "By community: the community") Long communityId,
            @Schema(example = "合肥路社区") String communityName,
            @Schema(example = "17", description = "Petitions submitted in the period") long count,
            @Schema(example = "{\"NOISE\": 9, \"SANITATION\": 8}") Map<String, Long> byCategory,
            @Schema(example = "{\"SUBMITTED\": 3, \"CLOSED\": 14}") Map<String, Long> byStatus) {
    }
}
