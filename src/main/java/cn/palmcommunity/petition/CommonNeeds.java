package cn.palmcommunity.petition;

import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds common needs (共性需求) in one statement. Petitions of the window are projected to Web
 * Mercator and clustered with DBSCAN per category, one row per petition and reporter so that
 * {@code minpoints} counts voices, not filings; a cluster is a need when it has enough distinct
 * reporters. In a dense city DBSCAN chains neighbouring needs into one sprawling cluster, so a
 * cluster wider than four radii is cut into pieces no wider than the radius (k-means with a
 * maximum radius, run per tile of four radii to keep its cost linear).
 */
@ApplicationScoped
public class CommonNeeds {

    /** The statuses counted: everything filed except duplicates folded into another and rejections. */
    static final String COUNTED = "p.status NOT IN ('MERGED', 'REJECTED')";

    private static final String SQL = """
            WITH metric AS (
                -- Web Mercator stretches lengths by 1/cos(latitude): the radius in its units, at the district's latitude.
                SELECT $1::float8 / cos(radians(coalesce(avg(ST_Y(centre::geometry)), 0))) AS eps FROM community
            ), member AS (
                SELECT p.id, p.category_code, p.status, p.community_id, p.submitted_at, ST_X(xy) AS x, ST_Y(xy) AS y,
                       -- Who spoke: the account, else the phone of an imported petition, else the petition itself.
                       coalesce('a' || p.reporter_id, 'p' || p.contact_phone, 'x' || p.id) AS reporter
                  FROM petition p CROSS JOIN LATERAL ST_Transform(p.location::geometry, 3857) AS xy
                 WHERE p.submitted_at >= $2 AND p.location IS NOT NULL AND %s
            ), voice AS (
                SELECT id, reporter FROM member
                UNION ALL
                SELECT pc.petition_id, 'a' || pc.account_id FROM petition_cosigner pc JOIN member m ON m.id = pc.petition_id
            ), dense AS (
                SELECT v.id, ST_ClusterDBSCAN(ST_MakePoint(m.x, m.y), eps := metric.eps, minpoints := $3)
                                 OVER (PARTITION BY m.category_code) AS cid
                  FROM voice v JOIN member m USING (id) CROSS JOIN metric
            ), grouped AS (
                SELECT m.id, m.category_code, m.x, m.y, d.cid
                  FROM (SELECT id, min(cid) AS cid FROM dense WHERE cid IS NOT NULL GROUP BY id) d JOIN member m USING (id)
            ), sprawl AS (
                SELECT category_code, cid, max(x) - min(x) > 4 * metric.eps OR max(y) - min(y) > 4 * metric.eps AS sprawling
                  FROM grouped CROSS JOIN metric GROUP BY category_code, cid, metric.eps
            ), tiled AS (
                SELECT g.*, s.sprawling,
                       CASE WHEN s.sprawling THEN floor(g.x / (4 * metric.eps)) END AS tx,
                       CASE WHEN s.sprawling THEN floor(g.y / (4 * metric.eps)) END AS ty
                  FROM grouped g JOIN sprawl s USING (category_code, cid) CROSS JOIN metric
            ), parted AS (
                SELECT t.id, t.category_code, t.cid, t.tx, t.ty,
                       CASE WHEN t.sprawling THEN ST_ClusterKMeans(ST_MakePoint(t.x, t.y), 1, metric.eps)
                                                      OVER (PARTITION BY t.category_code, t.cid, t.tx, t.ty)
                            ELSE 0 END AS part
                  FROM tiled t CROSS JOIN metric
            ), keyed AS (
                SELECT id, dense_rank() OVER (ORDER BY category_code, cid, tx, ty, part) AS need FROM parted
            ), heard AS (
                SELECT k.need, count(DISTINCT v.reporter) AS reporters, count(DISTINCT k.id) AS members
                  FROM keyed k JOIN voice v USING (id)
                 GROUP BY k.need HAVING count(DISTINCT v.reporter) >= $3
                 ORDER BY reporters DESC, members DESC, k.need
                 LIMIT $4
            ), members AS (
                SELECT h.need, h.reporters, h.members, m.*
                  FROM heard h JOIN keyed k USING (need) JOIN member m USING (id)
            ), statuses AS (
                SELECT need, jsonb_object_agg(status, n) AS statuses
                  FROM (SELECT need, status, count(*) AS n FROM members GROUP BY need, status) s GROUP BY need
            ), shaped AS (
                SELECT need, category_code, reporters, members, ST_Collect(ST_MakePoint(x, y)) AS points,
                       array_agg(DISTINCT community_id ORDER BY community_id) AS communities,
                       min(submitted_at) AS first_submitted, max(submitted_at) AS last_submitted,
                       (array_agg(id ORDER BY submitted_at DESC, id DESC))[1:50] AS petition_ids
                  FROM members GROUP BY need, category_code, reporters, members
            )
            SELECT sh.category_code, c.name_zh AS category_name, sh.reporters, sh.members,
                   ST_Y(ST_Transform(ST_SetSRID(ST_Centroid(sh.points), 3857), 4326)) AS latitude,
                   ST_X(ST_Transform(ST_SetSRID(ST_Centroid(sh.points), 3857), 4326)) AS longitude,
                   ST_MaxDistance(ST_Centroid(sh.points), sh.points) * $1 / metric.eps AS spread,
                   sh.communities, sh.first_submitted, sh.last_submitted, sh.petition_ids, st.statuses
              FROM shaped sh
              JOIN statuses st USING (need)
              JOIN petition_category c ON c.code = sh.category_code
              CROSS JOIN metric
             ORDER BY sh.reporters DESC, sh.members DESC, sh.need""";

    private final Pool pool;

    public CommonNeeds(Pool pool) {
        this.pool = pool;
    }

    /**
     * What to look for. {@code communities} is the caller's scope (null for the whole district),
     * already narrowed to one community when asked.
     */
    public record Query(Long[] communities, String category, OffsetDateTime since, int radiusMetres, int minReporters, int limit) {
    }

    /** The communities to look at: one the caller asked for (403 outside their scope), else their whole scope. */
    static Long[] within(DataScope scope, Long community) {
        if (community == null) {
            return scope.communityFilter();
        }
        scope.requireCommunity(community);
        return new Long[] {community};
    }

    public Uni<List<CommonNeed>> find(Query q) {
        List<Object> args = new ArrayList<>(List.of((double) q.radiusMetres(), q.since(), q.minReporters(), q.limit()));
        List<String> where = new ArrayList<>(List.of(COUNTED));
        if (q.communities() != null) {
            // One community: plain equality so the planner uses (community_id, submitted_at).
            if (q.communities().length == 1) {
                args.add(q.communities()[0]);
                where.add("p.community_id = $" + args.size());
            } else {
                args.add(q.communities());
                where.add("p.community_id = ANY($" + args.size() + ")");
            }
        }
        if (q.category() != null) {
            args.add(q.category());
            where.add("p.category_code = $" + args.size());
        }
        return pool.preparedQuery(SQL.formatted(String.join(" AND ", where))).execute(Tuple.from(args)).map(rows -> {
            List<CommonNeed> needs = new ArrayList<>();
            for (Row r : rows) {
                needs.add(new CommonNeed(r.getString("category_code"), r.getString("category_name"),
                        new PetitionViews.Point(r.getDouble("latitude"), r.getDouble("longitude")),
                        (int) Math.round(r.getDouble("spread")), r.getLong("members").intValue(), r.getLong("reporters").intValue(),
                        List.copyOf(Arrays.asList(r.getArrayOfLongs("communities"))),
                        r.getOffsetDateTime("first_submitted"), r.getOffsetDateTime("last_submitted"),
                        List.copyOf(Arrays.asList(r.getArrayOfLongs("petition_ids"))), statusCounts(r.getJsonObject("statuses"))));
            }
            return needs;
        });
    }

    /** In the order of the loop, so every answer lists statuses alike. */
    static Map<String, Integer> statusCounts(JsonObject counts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (PetitionStatus status : PetitionStatus.values()) {
            if (counts != null && counts.containsKey(status.name())) {
                out.put(status.name(), counts.getInteger(status.name()));
            }
        }
        return out;
    }
}
