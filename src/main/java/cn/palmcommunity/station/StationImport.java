package cn.palmcommunity.station;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.hours.OpeningHoursJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A district's station list in bulk, as CSV or a GeoJSON FeatureCollection. Every row is checked like
 * a station sent by staff; rows with errors are reported (record number, CSV line, field, message)
 * and not stored, the valid rows are stored together in one statement. A row is identified by its
 * {@code externalId} within the district: importing the same list again updates the same stations.
 */
@ApplicationScoped
public class StationImport {

    static final int MAX_ROWS = 5000;
    /** CSV columns, named like the JSON fields of a station. */
    static final List<String> COLUMNS = List.of("externalId", "kind", "name", "address", "lat", "lng", "coord", "communityId", "phone",
            "description", "amenities", "openingHours", "entranceGuide", "riderGate", "entryRules", "legalService", "discount");

    private final Pool pool;
    private final StationInputs inputs;
    private final ObjectMapper json;
    private final StationSnapshots snapshots;

    public StationImport(Pool pool, StationInputs inputs, ObjectMapper json, StationSnapshots snapshots) {
        this.pool = pool;
        this.inputs = inputs;
        this.json = json;
        this.snapshots = snapshots;
    }

    /** One record of the file, before checking. */
    record Raw(int row, Integer line, String externalId, StationCommands.StationInput input) {
    }

    /** A row that passed, ready to store. */
    record Valid(int row, Integer line, String externalId, StationInputs.Prepared station) {
    }

    public Uni<StationViews.ImportReport> importCsv(String body, String coordParam, StationService.Actor actor) {
        CoordinateSystem fallback = StationInputs.coordinate("coord", coordParam, CoordinateSystem.WGS84);
        List<StationViews.ImportError> errors = new ArrayList<>();
        List<Raw> raws = new ArrayList<>();
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.parse(body);
        } catch (CsvRecords.MalformedCsv e) {
            throw ProblemException.invalidField("body", "line " + e.line + ": " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw ProblemException.invalidField("body", "the file is empty; the first line names the columns");
        }
        Map<String, Integer> columns = header(records.get(0));
        requireRows(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            CsvRecords.Record record = records.get(i);
            Map<String, String> values = new HashMap<>();
            for (Map.Entry<String, Integer> column : columns.entrySet()) {
                String value = column.getValue() < record.fields().size() ? record.fields().get(column.getValue()).strip() : "";
                values.put(column.getKey(), value.isEmpty() ? null : value);
            }
            try {
                raws.add(new Raw(i, record.line(), values.get("externalId"), input(values, null, fallback)));
            } catch (ProblemException e) {
                errors.add(error(i, record.line(), values.get("externalId"), e));
            }
        }
        return store(raws, errors, actor);
    }

    public Uni<StationViews.ImportReport> importGeoJson(String body, String coordParam, StationService.Actor actor) {
        CoordinateSystem fallback = StationInputs.coordinate("coord", coordParam, CoordinateSystem.WGS84);
        JsonObject collection;
        try {
            collection = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new ProblemException(Problem.of(400, "malformed-json", "Malformed JSON", "The request body is not a GeoJSON object"));
        }
        if (!"FeatureCollection".equals(collection.getValue("type")) || !(collection.getValue("features") instanceof JsonArray features)) {
            throw ProblemException.invalidField("type", "must be a GeoJSON FeatureCollection with features");
        }
        requireRows(features.size());
        List<StationViews.ImportError> errors = new ArrayList<>();
        List<Raw> raws = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            int row = i + 1;
            Object item = features.getValue(i);
            JsonObject feature = item instanceof JsonObject f ? f : new JsonObject();
            JsonObject properties = feature.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
            String externalId = text(properties.getValue("externalId"));
            try {
                Map<String, String> values = new HashMap<>();
                for (String name : COLUMNS) {
                    Object value = properties.getValue(name);
                    values.put(name, value instanceof JsonArray array ? joined(array) : text(value));
                }
                double[] position = point(feature);
                values.put("lng", Double.toString(position[0]));
                values.put("lat", Double.toString(position[1]));
                OpeningHoursJson structured = null;
                if (properties.getValue("openingHoursJson") instanceof JsonObject hoursJson) {
                    structured = json.convertValue(hoursJson.getMap(), OpeningHoursJson.class);
                }
                raws.add(new Raw(row, null, externalId, input(values, structured, fallback)));
            } catch (ProblemException e) {
                errors.add(error(row, null, externalId, e));
            } catch (IllegalArgumentException e) {
                errors.add(new StationViews.ImportError(row, null, externalId, "openingHoursJson", "does not have the expected shape"));
            }
        }
        return store(raws, errors, actor);
    }

    // ------------------------------------------------------------------ checking

    private static Map<String, Integer> header(CsvRecords.Record header) {
        Map<String, String> known = new HashMap<>();
        for (String name : COLUMNS) {
            known.put(name.toLowerCase(Locale.ROOT), name);
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String raw = header.fields().get(i).strip();
            String name = known.get(raw.toLowerCase(Locale.ROOT));
            if (name == null) {
                throw ProblemException.invalidField("header", "unknown column \"" + raw + "\"; columns are " + COLUMNS);
            }
            if (columns.put(name, i) != null) {
                throw ProblemException.invalidField("header", "column " + name + " appears twice");
            }
        }
        for (String required : List.of("externalId", "kind", "name", "lat", "lng", "openingHours")) {
            if (!columns.containsKey(required)) {
                throw ProblemException.invalidField("header", "column " + required + " is required");
            }
        }
        return columns;
    }

    private static void requireRows(int rows) {
        if (rows > MAX_ROWS) {
            throw ProblemException.invalidField("body", "at most " + MAX_ROWS + " stations per import, not " + rows);
        }
    }

    /** A record as a station input; field problems name the column. */
    private static StationCommands.StationInput input(Map<String, String> v, OpeningHoursJson structured, CoordinateSystem fallback) {
        String externalId = v.get("externalId");
        if (externalId == null) {
            throw ProblemException.invalidField("externalId", "is required: the station's id in the district's list");
        }
        if (externalId.length() > 100) {
            throw ProblemException.invalidField("externalId", "at most 100 characters");
        }
        String kindText = required(v, "kind");
        StationKind kind;
        try {
            kind = StationKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("kind", "must be one of " + List.of(StationKind.values()));
        }
        String name = required(v, "name");
        if (name.length() > 100) {
            throw ProblemException.invalidField("name", "at most 100 characters");
        }
        double lat = number(v, "lat");
        double lng = number(v, "lng");
        Long communityId = null;
        if (v.get("communityId") != null) {
            try {
                communityId = Long.parseLong(v.get("communityId"));
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("communityId", "must be a whole number");
            }
        }
        String coord = v.get("coord") == null ? fallback.name() : v.get("coord");
        for (String[] limit : new String[][] {{"address", "200"}, {"phone", "40"}, {"description", "2000"}, {"entranceGuide", "2000"},
            {"riderGate", "200"}, {"entryRules", "2000"}, {"legalService", "500"}, {"discount", "200"}, {"openingHours", "500"}}) {
            String value = v.get(limit[0]);
            if (value != null && value.length() > Integer.parseInt(limit[1])) {
                throw ProblemException.invalidField(limit[0], "at most " + limit[1] + " characters");
            }
        }
        List<String> amenities = v.get("amenities") == null ? List.of()
                : List.of(v.get("amenities").split("[;|,、\\s]+")).stream().filter(s -> !s.isBlank()).toList();
        return new StationCommands.StationInput(kind, name, v.get("address"), lat, lng, coord, communityId, v.get("phone"),
                v.get("description"), amenities, structured == null ? v.get("openingHours") : null, structured, v.get("entranceGuide"),
                v.get("riderGate"), v.get("entryRules"), v.get("legalService"), v.get("discount"), null);
    }

    private static String required(Map<String, String> v, String field) {
        String value = v.get(field);
        if (value == null) {
            throw ProblemException.invalidField(field, "is required");
        }
        return value;
    }

    private static double number(Map<String, String> v, String field) {
        try {
            double value = Double.parseDouble(required(v, field));
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be a number");
        }
    }

    private static double[] point(JsonObject feature) {
        if (!(feature.getValue("geometry") instanceof JsonObject geometry) || !"Point".equals(geometry.getValue("type"))
                || !(geometry.getValue("coordinates") instanceof JsonArray c) || c.size() < 2
                || !(c.getValue(0) instanceof Number lng) || !(c.getValue(1) instanceof Number lat)) {
            throw ProblemException.invalidField("geometry", "must be a Point with coordinates [longitude, latitude]");
        }
        return new double[] {lng.doubleValue(), lat.doubleValue()};
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().strip();
        return s.isEmpty() ? null : s;
    }

    private static String joined(JsonArray array) {
        List<String> parts = new ArrayList<>();
        for (Object item : array) {
            if (item != null) {
                parts.add(item.toString());
            }
        }
        return String.join(";", parts);
    }

    private static StationViews.ImportError error(int row, Integer line, String externalId, ProblemException e) {
        List<Problem.FieldError> fields = e.problem().errors();
        if (fields == null || fields.isEmpty()) {
            return new StationViews.ImportError(row, line, externalId, null, e.problem().detail());
        }
        return new StationViews.ImportError(row, line, externalId, fields.get(0).field(), fields.get(0).message());
    }

    // ------------------------------------------------------------------ storing

    private Uni<StationViews.ImportReport> store(List<Raw> raws, List<StationViews.ImportError> errors, StationService.Actor actor) {
        Long district = actor.scope().districtId();
        if (district == null) {
            throw ProblemException.forbidden("Your account belongs to no district");
        }
        int received = raws.size() + errors.size();
        Map<String, Integer> seen = new HashMap<>();
        List<Valid> valid = new ArrayList<>();
        for (Raw raw : raws) {
            Integer first = seen.putIfAbsent(raw.externalId(), raw.row());
            if (first != null) {
                errors.add(new StationViews.ImportError(raw.row(), raw.line(), raw.externalId(), "externalId",
                        "appears twice in this file (first in record " + first + ")"));
                continue;
            }
            try {
                valid.add(new Valid(raw.row(), raw.line(), raw.externalId(), inputs.prepare(raw.input())));
            } catch (ProblemException e) {
                errors.add(error(raw.row(), raw.line(), raw.externalId(), e));
            }
        }
        return places(valid, district, errors).onItem().transformToUni(placed -> upsert(placed, district, actor))
                .map(stored -> {
                    errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
                    int created = (int) stored.stream().filter(StationViews.ImportedRow::created).count();
                    return new StationViews.ImportReport(received, created, stored.size() - created, errors.size(), stored, List.copyOf(errors));
                });
    }

    /** A valid row and the community it goes to. */
    record Placed(Valid row, long communityId) {
    }

    /**
     * Communities for all rows in one statement: the given one if it is in the district, else the one
     * whose boundary covers the position, else the nearest centre within a few kilometres.
     */
    private Uni<List<Placed>> places(List<Valid> valid, long district, List<StationViews.ImportError> errors) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = valid.size();
        Long[] given = new Long[n];
        Double[] lats = new Double[n];
        Double[] lngs = new Double[n];
        for (int i = 0; i < n; i++) {
            StationInputs.Prepared p = valid.get(i).station();
            given[i] = p.communityId();
            lats[i] = p.wgs84().latitude();
            lngs[i] = p.wgs84().longitude();
        }
        return pool.preparedQuery("""
                        SELECT t.ord, coalesce(
                                   (SELECT c.id FROM community c JOIN street s ON s.id = c.street_id
                                     WHERE c.id = t.given AND s.district_id = $4),
                                   (SELECT c.id FROM community c JOIN street s ON s.id = c.street_id
                                     WHERE t.given IS NULL AND s.district_id = $4 AND c.boundary IS NOT NULL
                                       AND ST_Covers(c.boundary, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)::geography) LIMIT 1),
                                   (SELECT c.id FROM community c JOIN street s ON s.id = c.street_id
                                     WHERE t.given IS NULL AND s.district_id = $4 AND c.centre IS NOT NULL
                                       AND ST_DWithin(c.centre, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)::geography, $5)
                                     ORDER BY c.centre <-> ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)::geography LIMIT 1)) AS community_id
                          FROM unnest($1::bigint[], $2::float8[], $3::float8[]) WITH ORDINALITY AS t(given, lat, lng, ord)
                         ORDER BY t.ord""")
                .execute(Tuple.of(given, lats, lngs, district, StationService.COMMUNITY_SEARCH_METRES))
                .map(rows -> {
                    List<Placed> placed = new ArrayList<>();
                    for (Row r : rows) {
                        Valid v = valid.get(r.getLong("ord").intValue() - 1);
                        Long community = r.getLong("community_id");
                        if (community == null) {
                            errors.add(new StationViews.ImportError(v.row(), v.line(), v.externalId(), "communityId",
                                    v.station().communityId() != null ? "no such community in your district"
                                            : "the position is not in any community of the district; give communityId"));
                        } else {
                            placed.add(new Placed(v, community));
                        }
                    }
                    return placed;
                });
    }

    private Uni<List<StationViews.ImportedRow>> upsert(List<Placed> placed, long district, StationService.Actor actor) {
        if (placed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StationColumns columns = new StationColumns(placed.size());
        Map<String, Integer> rowOf = new HashMap<>();
        for (Placed place : placed) {
            Valid v = place.row();
            StationInputs.Prepared p = v.station();
            rowOf.put(v.externalId(), v.row());
            columns.add(v.externalId(), p.kind().name(), p.name(), p.address(), p.wgs84().latitude(), p.wgs84().longitude(),
                    place.communityId(), p.phone(), p.description(), List.of(p.amenities()), p.hours(), p.entranceGuide(),
                    p.riderGate(), p.entryRules(), p.legalService(), p.discount());
        }
        return pool.preparedQuery(UPSERT)
                .execute(columns.tuple(district, actor.id(), actor.role(), actor.clientIp()))
                .map(rows -> {
                    List<StationViews.ImportedRow> stored = new ArrayList<>();
                    for (Row r : rows) {
                        String externalId = r.getString("external_id");
                        stored.add(new StationViews.ImportedRow(rowOf.get(externalId), externalId, r.getLong("id"), r.getBoolean("created")));
                    }
                    stored.sort((a, b) -> Integer.compare(a.row(), b.row()));
                    return stored;
                })
                .call(stored -> snapshots.changed(stored.stream().map(StationViews.ImportedRow::id).toList()));
    }

    /**
     * Insert or update by (district, external id), replace the hours of every stored station, and log
     * each row as created or changed: one statement, so the valid rows commit together.
     */
    private static final String UPSERT = """
            WITH input AS (
                SELECT * FROM %s),
            up AS (
                INSERT INTO station (external_id, district_id, kind, name, address, location, community_id, phone, description, amenities,
                                     opening_hours_osm, always_open, has_holiday_rule, entrance_guide, rider_gate, entry_rules,
                                     legal_service, discount, created_by, updated_by)
                SELECT external_id, $23, kind, name, address, ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, community_id, phone,
                       description, CASE WHEN amenities = '' THEN '{}'::text[] ELSE string_to_array(amenities, ',') END, osm,
                       always_open, has_holiday_rule, entrance_guide, rider_gate, entry_rules, legal_service, discount, $24, $24
                  FROM input
                ON CONFLICT ON CONSTRAINT station_external DO UPDATE
                   SET kind = EXCLUDED.kind, name = EXCLUDED.name, address = EXCLUDED.address, location = EXCLUDED.location,
                       community_id = EXCLUDED.community_id, phone = EXCLUDED.phone, description = EXCLUDED.description,
                       amenities = EXCLUDED.amenities, opening_hours_osm = EXCLUDED.opening_hours_osm,
                       always_open = EXCLUDED.always_open, has_holiday_rule = EXCLUDED.has_holiday_rule,
                       entrance_guide = EXCLUDED.entrance_guide, rider_gate = EXCLUDED.rider_gate, entry_rules = EXCLUDED.entry_rules,
                       legal_service = EXCLUDED.legal_service, discount = EXCLUDED.discount,
                       floor_plan_photo_id = CASE WHEN EXCLUDED.kind = 'RIDER_COMPOUND' THEN station.floor_plan_photo_id END,
                       version = station.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by
                RETURNING id, external_id, community_id, (xmax = 0) AS created),
            old_hours AS (
                DELETE FROM station_hours h USING up WHERE h.station_id = up.id),
            new_hours AS (
                INSERT INTO station_hours (station_id, day, open_minute, close_minute)
                SELECT up.id, h.day, h.open_minute, h.close_minute
                  FROM %s
                  JOIN up ON up.external_id = h.external_id),
            logged AS (
                INSERT INTO audit_log (actor_id, actor_role, action, subject_type, subject_id, community_id, purpose, client_ip)
                SELECT $24, $25, CASE WHEN created THEN 'STATION_CREATE' ELSE 'STATION_UPDATE' END, 'STATION', id, community_id,
                       left('imported ' || external_id, 200), $26
                  FROM up)
            SELECT id, external_id, created FROM up""".formatted(StationColumns.STATIONS, StationColumns.HOURS);
}
