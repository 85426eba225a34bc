package cn.palmcommunity.geo;

import cn.palmcommunity.error.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A position in decimal degrees. The record does not reject values itself (Jackson would turn that
 * into an unhelpful error); callers check input with {@link #requireValid(String, String)}.
 */
@Schema(name = "GeoPoint", description = "A position in decimal degrees")
public record GeoPoint(
        @Schema(example = "36.087") double latitude,
        @Schema(example = "120.356") double longitude) {

    public static boolean isValidLatitude(double latitude) {
        return latitude >= -90.0 && latitude <= 90.0;
    }

    public static boolean isValidLongitude(double longitude) {
        return longitude >= -180.0 && longitude <= 180.0;
    }

    /** NaN fails both checks, as it should. */
    public boolean inRange() {
        return isValidLatitude(latitude) && isValidLongitude(longitude);
    }

    /** This point, or a 422 naming the field (as the client called it) that is out of range. */
    public GeoPoint requireValid(String latitudeField, String longitudeField) {
        if (!isValidLatitude(latitude)) {
            throw ProblemException.invalidField(latitudeField, "must be between -90 and 90");
        }
        if (!isValidLongitude(longitude)) {
            throw ProblemException.invalidField(longitudeField, "must be between -180 and 180");
        }
        return this;
    }
}
