package cn.palmcommunity.station;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.hours.WeeklyRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Checks a station as staff send it (and as an import row carries it) and turns it into what is
 * stored: WGS-84 position, known amenity codes, parsed hours. Every problem is a 422 naming the
 * client's field.
 */
@ApplicationScoped
public class StationInputs {

    private final Amenities amenities;
    private final StationHours hours;

    public StationInputs(Amenities amenities, StationHours hours) {
        this.amenities = amenities;
        this.hours = hours;
    }

    /** A station ready to store. */
    public record Prepared(StationKind kind, String name, String address, GeoPoint wgs84, Long communityId, String phone,
                           String description, String[] amenities, OpeningHours hours, String entranceGuide, String riderGate,
                           String entryRules, String legalService, String discount) {

        public String osm() {
            return hours.toOsm();
        }

        /** station_hours rows as three parallel arrays (day, open minute, close minute) for unnest. */
        public Integer[][] hourColumns() {
            List<WeeklyRow> rows = hours.weeklyRows();
            Integer[][] columns = new Integer[3][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                columns[0][i] = rows.get(i).day();
                columns[1][i] = rows.get(i).openMinute();
                columns[2][i] = rows.get(i).closeMinute();
            }
            return columns;
        }
    }

    public Prepared prepare(StationCommands.StationInput in) {
        CoordinateSystem coord = coordinate("coord", in.coord(), CoordinateSystem.GCJ02);
        GeoPoint point = new GeoPoint(in.lat(), in.lng()).requireValid("lat", "lng");
        only(in.kind(), StationKind.RIDER_COMPOUND, "entranceGuide", in.entranceGuide());
        only(in.kind(), StationKind.RIDER_COMPOUND, "riderGate", in.riderGate());
        only(in.kind(), StationKind.RIDER_COMPOUND, "entryRules", in.entryRules());
        only(in.kind(), StationKind.LEGAL_AID, "legalService", in.legalService());
        only(in.kind(), StationKind.EATERY, "discount", in.discount());
        String[] codes = amenities.forStation("amenities", in.amenities());
        OpeningHours opening = hours.fromInput(in.openingHours(), in.openingHoursJson(), "openingHours", "openingHoursJson");
        return new Prepared(in.kind(), in.name().strip(), blankToNull(in.address()), ChinaCoordinates.toWgs84(point, coord),
                in.communityId(), blankToNull(in.phone()), blankToNull(in.description()), codes, opening,
                blankToNull(in.entranceGuide()), blankToNull(in.riderGate()), blankToNull(in.entryRules()),
                blankToNull(in.legalService()), blankToNull(in.discount()));
    }

    /** A coordinate system named in a body or file field: 422 naming the field when unknown. */
    static CoordinateSystem coordinate(String field, String raw, CoordinateSystem fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return CoordinateSystem.parse(raw).orElseThrow(() -> ProblemException.invalidField(field, "must be gcj02 or wgs84"));
    }

    private static void only(StationKind kind, StationKind owner, String field, String value) {
        if (value != null && !value.isBlank() && kind != owner) {
            throw ProblemException.invalidField(field, "only for kind " + owner + ", not " + kind);
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
