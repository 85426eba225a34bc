package cn.palmcommunity.petition;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hotspot map: petition counts of a period per square grid cell or per community, one
 * statement each (one pass over the petitions, then GROUPING SETS over its few rows give the total,
 * the category and the status counts). Cells are squares of the given size on the ground, laid out in Web Mercator scaled at
 * the district's latitude, so a cell keeps its id from one request to the next.
 */
@ApplicationScoped
public class Hotspots {

    public enum By { CELL, COMMUNITY }

    /** What to count. {@code communities} is the caller's scope, null for the whole district. */
    public record Query(By by, int cellMetres, Long[] communities, String category, PetitionStatus status, Boolean open,
                        OffsetDateTime from, OffsetDateTime to) {
    }

    /**
     * Counts per place, category and status first (one hash aggregate over the petitions, parallel
     * on large periods), then the per-place total, category and status counts from those few rows.
     */
    private static final String COUNTS = """
            fine AS (
                SELECT %1$s, category_code, status, count(*) AS n FROM counted GROUP BY %1$s, category_code, status
            ), sets AS (
                SELECT %1$s, category_code, status, sum(n)::bigint AS n, GROUPING(category_code, status) AS g
                  FROM fine GROUP BY GROUPING SETS ((%1$s), (%1$s, category_code), (%1$s, status))
            ), totals AS (
                SELECT %1$s, max(n) FILTER (WHERE g = 3) AS total,
                       jsonb_object_agg(category_code, n) FILTER (WHERE g = 1) AS by_category,
                       jsonb_object_agg(status, n) FILTER (WHERE g = 2) AS by_status
                  FROM sets GROUP BY %1$s
            )""";

    private static final String BY_CELL = """
            WITH counted AS (
                SELECT floor(ST_X(xy) / $1::float8)::bigint AS i, floor(ST_Y(xy) / $1::float8)::bigint AS j, p.category_code, p.status
                  FROM petition p CROSS JOIN LATERAL ST_Transform(p.location::geometry, 3857) AS xy
                 WHERE p.location IS NOT NULL AND %s
            ), %s
            SELECT t.*, ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(
                       ST_MakeEnvelope(t.i * $1::float8, t.j * $1::float8, (t.i + 1) * $1::float8, (t.j + 1) * $1::float8, 3857), 4326)), 7) AS geometry
              FROM totals t
             ORDER BY t.total DESC, t.i, t.j""";

    private static final String BY_COMMUNITY = """
            WITH counted AS (
                SELECT p.community_id, p.category_code, p.status FROM petition p WHERE %s
            ), %s
            SELECT t.*, c.name AS community_name,
                   ST_AsGeoJSON(CASE WHEN c.boundary IS NOT NULL THEN ST_ForcePolygonCCW(c.boundary::geometry)
                                     ELSE c.centre::geometry END, 7) AS geometry
              FROM totals t JOIN community c ON c.id = t.community_id
             ORDER BY t.total DESC, t.community_id""";

    /** How long the district's Mercator scale is reused before it is read again (community centres rarely move). */
    private static final Duration SCALE_TTL = Duration.ofHours(1);

    private final Pool pool;
    /** Web Mercator stretches lengths by 1/cos(latitude): the factor at the district's latitude, and when it was read. */
    private record Scale(double factor, long readAtNanos) {
    }

    private volatile Scale mercatorScale;

    public Hotspots(Pool pool) {
        this.pool = pool;
    }

    /**
     * Passed to the statement as a constant rather than computed in it, so PostgreSQL may scan a long
     * period in parallel. Only a value actually read is kept; a failure is not.
     */
    private Uni<Double> mercatorScale() {
        Scale cached = mercatorScale;
        if (cached != null && System.nanoTime() - cached.readAtNanos() < SCALE_TTL.toNanos()) {
            return Uni.createFrom().item(cached.factor());
        }
        return pool.query("SELECT 1 / cos(radians(coalesce(avg(ST_Y(centre::geometry)), 0))) FROM community").execute()
                .map(rows -> {
                    double factor = rows.iterator().next().getDouble(0);
                    mercatorScale = new Scale(factor, System.nanoTime());
                    return factor;
                });
    }

    public Uni<HotspotFeatures.Collection> map(Query q) {
        return q.by() == By.CELL
                ? mercatorScale().onItem().transformToUni(scale -> run(q, List.of(q.cellMetres() * scale)))
                : run(q, List.of());
    }

    private Uni<HotspotFeatures.Collection> run(Query q, List<Object> leading) {
        List<Object> args = new ArrayList<>(leading);
        List<String> where = new ArrayList<>();
        args.add(q.from());
        where.add("p.submitted_at >= $" + args.size());
        args.add(q.to());
        where.add("p.submitted_at < $" + args.size());
        if (q.communities() != null) {
            args.add(q.communities());
            where.add("p.community_id = ANY($" + args.size() + ")");
        }
        if (q.category() != null) {
            args.add(q.category());
            where.add("p.category_code = $" + args.size());
        }
        if (q.status() != null) {
            args.add(q.status().name());
            where.add("p.status = $" + args.size());
        } else {
            // A merged petition lives on in the one it was merged into; counting both counts one need twice.
            where.add("p.status <> 'MERGED'");
        }
        if (q.open() != null) {
            where.add((q.open() ? "" : "NOT ") + "p.status IN ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')");
        }
        String filter = String.join(" AND ", where);
        String sql = q.by() == By.CELL
                ? BY_CELL.formatted(filter, COUNTS.formatted("i, j"))
                : BY_COMMUNITY.formatted(filter, COUNTS.formatted("community_id"));
        return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
            List<HotspotFeatures.Feature> features = new ArrayList<>();
            for (Row r : rows) {
                String cell = q.by() == By.CELL ? q.cellMetres() + "m:" + r.getLong("i") + ":" + r.getLong("j") : null;
                Long community = q.by() == By.COMMUNITY ? r.getLong("community_id") : null;
                features.add(new HotspotFeatures.Feature("Feature", cell != null ? cell : community.toString(),
                        geometry(r.getString("geometry")),
                        new HotspotFeatures.Properties(cell, community, q.by() == By.COMMUNITY ? r.getString("community_name") : null,
                                r.getLong("total"), counts(r.getJsonObject("by_category")), counts(r.getJsonObject("by_status")))));
            }
            return new HotspotFeatures.Collection("FeatureCollection", features);
        });
    }

    /** PostGIS writes the geometry as GeoJSON already; it is passed on as plain maps and lists. */
    private static HotspotFeatures.Geometry geometry(String geoJson) {
        if (geoJson == null) {
            return null;
        }
        Map<String, Object> g = new JsonObject(geoJson).getMap();
        return new HotspotFeatures.Geometry((String) g.get("type"), g.get("coordinates"));
    }

    private static Map<String, Long> counts(JsonObject counts) {
        Map<String, Long> out = new TreeMap<>();
        if (counts != null) {
            counts.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
        }
        return out;
    }
}
