package cn.palmcommunity.station;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.OpeningStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The public searches: nearest first around a position, inside a map's bounding box, and by name or
 * address. Each search is one SQL statement that filters in the database (radius, kinds, amenities,
 * open now) and returns only the rows shown; "closes at / opens at" is then computed in Java for
 * those rows alone.
 *
 * <p>Open now in SQL: a station is open if it is always open, or a station_hours row of today's key
 * covers the minute of the day, or a row of yesterday's key runs past midnight beyond it; a day's key
 * is 7 when it is a public holiday and the station has a holiday rule, else its weekday (the holiday
 * flag and weekday come from Java, in China time, from the working calendar). A temporary closure
 * covering now overrides all of that.
 *
 * <p>With palm.station.search-mode=memory (the default) nearby and map-box searches are answered from
 * {@link StationSnapshot} once it is loaded, with the same results; the SQL below stays the reference,
 * serves until then, and is what text search always uses.
 *
 * <p>The plan is meant to be the same every time: walk the GiST index nearest first (KNN) inside the
 * radius, test each station's filters as it comes, stop when the page is full. Measured on 100,000
 * stations over 50 x 50 km (two amenities, open now, 3 km): about 1 ms in the database. Three details
 * keep the planner there; see {@code Statement.point}, the amenity literals and the closure test.
 */
@ApplicationScoped
public class StationSearch {

    /**
     * Amenities with a partial GiST index of their own (V9). When a search asks for one among others, its
     * own literal predicate is added so that the planner can prove the partial index applies (it cannot
     * from {@code @> '{MICROWAVE,TOILET}'}).
     */
    static final List<String> INDEXED_AMENITIES = List.of("EBIKE_CHARGING", "MICROWAVE");

    private static final java.util.regex.Pattern AMENITY_CODE = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    private final Pool pool;
    private final StationHours hours;
    private final StationSnapshots snapshots;

    public StationSearch(Pool pool, StationHours hours, StationSnapshots snapshots) {
        this.pool = pool;
        this.hours = hours;
        this.snapshots = snapshots;
    }

    /** Kinds (null for all), amenities that must all be present, and whether only open stations count. */
    public record Filter(String[] kinds, String[] amenities, boolean openNow) {
    }

    /** A station found, its position in WGS-84, and its status at the moment of the search. */
    public record Found(long id, StationKind kind, String name, String address, GeoPoint wgs84, Long distanceMetres,
                        List<String> amenities, String openingHours, OpeningStatus status) {
    }

    public record Results(List<Found> items, boolean truncated) {
    }

    /**
     * Nearest first within {@code radiusMetres} of a WGS-84 point: from the in-memory snapshot when it is
     * loaded (palm.station.search-mode=memory), else from the database; both answer the same.
     */
    public Uni<Results> nearby(GeoPoint here, int radiusMetres, Filter filter, int limit) {
        Instant at = hours.now();
        StationSnapshot snapshot = snapshots.ready();
        Results answer = snapshot == null ? null : snapshot.nearby(here, radiusMetres, filter, limit, at, hours);
        return answer != null ? Uni.createFrom().item(answer) : nearbyInDatabase(here, radiusMetres, filter, limit, at);
    }

    /** {@link #nearby} from the snapshot alone; null when there is none or it cannot answer (tests compare the two). */
    Results nearbyInMemory(GeoPoint here, int radiusMetres, Filter filter, int limit, Instant at) {
        StationSnapshot snapshot = snapshots.ready();
        return snapshot == null ? null : snapshot.nearby(here, radiusMetres, filter, limit, at, hours);
    }

    /** {@link #nearby} by one SQL statement: PostGIS KNN inside the ST_DWithin cap. */
    Uni<Results> nearbyInDatabase(GeoPoint here, int radiusMetres, Filter filter, int limit, Instant at) {
        Statement st = new Statement(hours.moment(at));
        String point = st.point(here);
        st.where("ST_DWithin(s.location, " + point + ", " + st.param(radiusMetres) + "::float8)");
        return run(st, filter, "ST_Distance(s.location, " + point + ")", "s.location <-> " + point, limit);
    }

    /** Inside a WGS-84 box (a map view), nearest to its centre first; truncated when more than {@code limit}. */
    public Uni<Results> within(double south, double west, double north, double east, Filter filter, int limit) {
        Instant at = hours.now();
        StationSnapshot snapshot = snapshots.ready();
        Results answer = snapshot == null ? null : snapshot.within(south, west, north, east, filter, limit, at, hours);
        return answer != null ? Uni.createFrom().item(answer) : withinInDatabase(south, west, north, east, filter, limit, at);
    }

    Results withinInMemory(double south, double west, double north, double east, Filter filter, int limit, Instant at) {
        StationSnapshot snapshot = snapshots.ready();
        return snapshot == null ? null : snapshot.within(south, west, north, east, filter, limit, at, hours);
    }

    Uni<Results> withinInDatabase(double south, double west, double north, double east, Filter filter, int limit, Instant at) {
        Statement st = new Statement(hours.moment(at));
        // The geography && finds candidates through the index on a slightly larger box (its edges are
        // great circles); the plain comparisons then keep exactly the rows inside the map's rectangle.
        String s = st.param(south) + "::float8";
        String w = st.param(west) + "::float8";
        String n = st.param(north) + "::float8";
        String e = st.param(east) + "::float8";
        st.where("s.location && (SELECT ST_MakeEnvelope(" + w + " - 0.01, " + s + " - 0.01, " + e + " + 0.01, " + n + " + 0.01, 4326)::geography)");
        st.where("ST_Y(s.location::geometry) BETWEEN " + s + " AND " + n + " AND ST_X(s.location::geometry) BETWEEN " + w + " AND " + e);
        String centre = st.point(new GeoPoint((south + north) / 2, (west + east) / 2));
        return run(st, filter, "NULL::float8", "s.location <-> " + centre, limit);
    }

    /** Name or address containing {@code text}; nearest first when a position is given, else name matches first. Always SQL. */
    public Uni<Results> byText(String text, GeoPoint here, Filter filter, int limit) {
        Statement st = new Statement(hours.moment(hours.now()));
        String pattern = st.param("%" + escapeLike(text) + "%");
        st.where("(s.name ILIKE " + pattern + " OR s.address ILIKE " + pattern + ")");
        if (here != null) {
            String point = st.point(here);
            return run(st, filter, "ST_Distance(s.location, " + point + ")", "s.location <-> " + point, limit);
        }
        return run(st, filter, "NULL::float8", "(s.name ILIKE " + pattern + ") DESC, length(s.name), s.id", limit);
    }

    private Uni<Results> run(Statement st, Filter filter, String distance, String orderBy, int limit) {
        if (filter.kinds() != null) {
            st.where("s.kind = ANY(" + st.param(filter.kinds()) + "::text[])");
        }
        if (filter.amenities().length > 0) {
            // Literal codes, not a parameter: with a parameter the planner guesses that any amenity is rare
            // (0.5 %) and trades the nearest-first index walk for a bitmap scan and sort of the whole radius.
            // Behind coalesce the test cannot use the GIN index either: on a freshly analysed table the planner
            // would AND that bitmap with the radius and sort everything in it (26 ms instead of 1 ms, seen in the
            // benchmark). Common amenities are simply checked on each station the walk meets.
            st.where("coalesce(s.amenities, '{}') @> '{" + String.join(",", checkedCodes(filter.amenities())) + "}'::text[]");
            for (String code : filter.amenities()) {
                if (INDEXED_AMENITIES.contains(code)) {
                    // Rare amenities keep the plain predicate, so the planner can prove their partial index applies.
                    st.where("s.amenities @> '{" + code + "}'::text[]");
                }
            }
        }
        String now = st.now();
        if (filter.openNow()) {
            st.where(openNow(st, now));
        }
        String sql = """
                SELECT s.id, s.kind, s.name, s.address, ST_Y(s.location::geometry) AS lat, ST_X(s.location::geometry) AS lng,
                       %s AS distance, s.amenities, s.opening_hours_osm,
                       (SELECT json_agg(json_build_object('id', c.id, 'from', c.starts_at, 'until', c.ends_at, 'reason', c.reason)
                                        ORDER BY c.starts_at)
                          FROM station_closure c
                         WHERE c.station_id = s.id AND (c.ends_at IS NULL OR c.ends_at > %s)
                           AND c.starts_at < %s + interval '8 days') AS closures
                  FROM station s
                 WHERE s.active AND %s
                 ORDER BY %s
                 LIMIT %s""".formatted(distance, now, now, String.join("\n   AND ", st.conditions), orderBy, st.param(limit + 1));
        Instant at = st.moment.at();
        return pool.preparedQuery(sql).execute(Tuple.from(st.params)).map(rows -> {
            List<Found> found = new ArrayList<>();
            for (Row r : rows) {
                if (found.size() == limit) {
                    return new Results(found, true);
                }
                found.add(found(r, at));
            }
            return new Results(found, false);
        });
    }

    /** The open-now condition (see the class comment); {@code now} is the bound instant. */
    private static String openNow(Statement st, String now) {
        StationHours.Moment m = st.moment;
        String minute = st.param(m.minuteOfDay());
        String today = "CASE WHEN s.has_holiday_rule AND " + st.param(m.todayHoliday()) + " THEN 7 ELSE " + st.param(m.today()) + " END";
        String yesterday = "CASE WHEN s.has_holiday_rule AND " + st.param(m.yesterdayHoliday()) + " THEN 7 ELSE " + st.param(m.yesterday()) + " END";
        // The closure test is a scalar subquery rather than NOT EXISTS: the planner would turn NOT EXISTS into
        // a hash anti-join, which reads the whole radius and loses the index order.
        return """
                NOT coalesce((SELECT true FROM station_closure c
                               WHERE c.station_id = s.id AND c.starts_at <= %1$s AND (c.ends_at IS NULL OR c.ends_at > %1$s)
                               LIMIT 1), false)
                   AND (s.always_open OR EXISTS (
                        SELECT 1 FROM station_hours h
                         WHERE h.station_id = s.id
                           AND ((h.day = %2$s AND h.open_minute <= %4$s::int AND %4$s::int < h.close_minute)
                             OR (h.day = %3$s AND %4$s::int + 1440 < h.close_minute))))""".formatted(now, today, yesterday, minute);
    }

    private Found found(Row r, Instant at) {
        Double distance = r.getDouble("distance");
        String osm = r.getString("opening_hours_osm");
        OpeningStatus status = hours.status(osm, at, StationHours.closures(r.getValue("closures")));
        return new Found(r.getLong("id"), StationKind.valueOf(r.getString("kind")), r.getString("name"), r.getString("address"),
                new GeoPoint(r.getDouble("lat"), r.getDouble("lng")), distance == null ? null : Math.round(distance),
                Arrays.asList(r.getArrayOfStrings("amenities")), osm, status);
    }

    /** The list answer, positions in the client's coordinate system. */
    public static StationViews.StationList list(Results results, CoordinateSystem coord, boolean withTruncation) {
        List<StationViews.Item> items = new ArrayList<>(results.items().size());
        for (Found f : results.items()) {
            GeoPoint shown = StationLinks.out(f.wgs84(), coord);
            OpeningStatus s = f.status();
            items.add(new StationViews.Item(f.id(), f.kind(), f.name(), f.address(), shown.latitude(), shown.longitude(),
                    f.distanceMetres(), f.amenities(), s.openNow(), local(s.closesAt()), local(s.opensAt()), s.closureReason(),
                    f.openingHours(), StationLinks.navigationUrl(f.wgs84(), f.name())));
        }
        return new StationViews.StationList(StationLinks.name(coord), items, withTruncation ? results.truncated() : null);
    }

    /** RFC 7946 FeatureCollection: WGS-84 [longitude, latitude], whatever the request's coord. */
    public static StationViews.FeatureCollection geoJson(Results results) {
        List<StationViews.Feature> features = new ArrayList<>(results.items().size());
        for (Found f : results.items()) {
            OpeningStatus s = f.status();
            features.add(new StationViews.Feature("Feature", f.id(),
                    new StationViews.Point("Point", new double[] {f.wgs84().longitude(), f.wgs84().latitude()}),
                    new StationViews.FeatureProperties(f.kind(), f.name(), f.address(), f.distanceMetres(), f.amenities(), s.openNow(),
                            local(s.closesAt()), local(s.opensAt()), s.closureReason(), f.openingHours(),
                            StationLinks.navigationUrl(f.wgs84(), f.name()))));
        }
        return new StationViews.FeatureCollection("FeatureCollection", features);
    }

    static OffsetDateTime local(Instant instant) {
        return instant == null ? null : instant.atZone(ChinaTime.CHINA).toOffsetDateTime();
    }

    /** Amenity codes to write into SQL text: catalogue codes only ever match this pattern (see V9's CHECK). */
    static List<String> checkedCodes(String[] codes) {
        for (String code : codes) {
            if (!AMENITY_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("not an amenity code: " + code);
            }
        }
        return List.of(codes);
    }

    /** ILIKE treats % and _ as wildcards and \ as their escape; a rider's text means itself. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Collects conditions and numbered parameters for one statement. */
    private static final class Statement {
        final StationHours.Moment moment;
        final List<Object> params = new ArrayList<>();
        final List<String> conditions = new ArrayList<>();
        private String now;

        Statement(StationHours.Moment moment) {
            this.moment = moment;
        }

        String param(Object value) {
            params.add(value);
            return "$" + params.size();
        }

        /**
         * The search point as an uncorrelated scalar subquery (an InitPlan). The index can still use it for
         * the radius and the nearest-first order, but the planner cannot see its value: with a constant it
         * estimates how many stations lie in the radius and, for the first executions of a prepared
         * statement, prefers reading and sorting all of them to walking the index until the page is full.
         */
        String point(GeoPoint p) {
            return "(SELECT ST_SetSRID(ST_MakePoint(" + param(p.longitude()) + "::float8, " + param(p.latitude())
                    + "::float8), 4326)::geography)";
        }

        String now() {
            if (now == null) {
                now = param(moment.at().atOffset(java.time.ZoneOffset.UTC)) + "::timestamptz";
            }
            return now;
        }

        void where(String condition) {
            conditions.add(condition);
        }
    }
}
