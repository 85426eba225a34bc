package cn.palmcommunity.volunteer;

import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A position as the phone gives it: GCJ-02 from WeChat maps by default, or WGS-84. */
@Schema(name = "VolunteerPosition")
public record Position(
        @Schema(example = "36.0871") @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @Schema(example = "120.3745") @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Schema(example = "GCJ02", description = "GCJ02 (WeChat map, default) or WGS84")
        @Pattern(regexp = "(?i)gcj-?02|wgs-?84", message = "must be GCJ02 or WGS84") String coord) {

    /** WGS-84, what we store and measure with. */
    public GeoPoint wgs84() {
        CoordinateSystem system = CoordinateSystem.parse(coord).orElse(CoordinateSystem.GCJ02);
        return ChinaCoordinates.toWgs84(new GeoPoint(latitude, longitude), system);
    }
}
