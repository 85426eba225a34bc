package cn.palmcommunity.organisation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of the district → street → community → grid tree. Scope lists are computed here when a
 * token is issued; listings are filtered by the caller's scope in SQL.
 */
@ApplicationScoped
public class OrgUnits {

    private final Pool pool;

    public OrgUnits(Pool pool) {
        this.pool = pool;
    }

    /** The community a grid belongs to, or null when there is no such grid. */
    public Uni<Long> communityOfGrid(long gridId) {
        return pool.preparedQuery("SELECT community_id FROM grid WHERE id = $1").execute(Tuple.of(gridId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    public Uni<Boolean> streetExists(long streetId) {
        return pool.preparedQuery("SELECT 1 FROM street WHERE id = $1").execute(Tuple.of(streetId)).map(rows -> rows.size() > 0);
    }

    /** Streets with their number of communities, limited to those holding a visible community. */
    public Uni<List<StreetView>> streets(Long[] communityFilter) {
        return pool.preparedQuery("""
                SELECT s.id, s.code, s.name, count(c.id) AS communities
                  FROM street s JOIN community c ON c.street_id = s.id
                 WHERE ($1::bigint[] IS NULL OR c.id = ANY($1))
                 GROUP BY s.id ORDER BY s.code""")
                .execute(Tuple.of(communityFilter))
                .map(rows -> {
                    List<StreetView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StreetView(r.getLong("id"), r.getString("code"), r.getString("name"), r.getInteger("communities")));
                    }
                    return out;
                });
    }

    public Uni<List<CommunityView>> communities(Long[] communityFilter, Long streetId) {
        return pool.preparedQuery("""
                SELECT c.id, c.code, c.name, c.street_id, s.name AS street_name,
                       (SELECT count(*) FROM grid g WHERE g.community_id = c.id) AS grids
                  FROM community c JOIN street s ON s.id = c.street_id
                 WHERE ($1::bigint[] IS NULL OR c.id = ANY($1))
                   AND ($2::bigint IS NULL OR c.street_id = $2)
                 ORDER BY c.code""")
                .execute(Tuple.of(communityFilter, streetId))
                .map(rows -> {
                    List<CommunityView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(community(r));
                    }
                    return out;
                });
    }

    public Uni<CommunityView> community(long id) {
        return pool.preparedQuery("""
                SELECT c.id, c.code, c.name, c.street_id, s.name AS street_name,
                       (SELECT count(*) FROM grid g WHERE g.community_id = c.id) AS grids
                  FROM community c JOIN street s ON s.id = c.street_id WHERE c.id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : community(rows.iterator().next()));
    }

    public Uni<List<GridView>> grids(long communityId) {
        return pool.preparedQuery("SELECT id, code, name FROM grid WHERE community_id = $1 ORDER BY code")
                .execute(Tuple.of(communityId))
                .map(rows -> {
                    List<GridView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new GridView(r.getLong("id"), r.getString("code"), r.getString("name")));
                    }
                    return out;
                });
    }

    private static CommunityView community(Row r) {
        return new CommunityView(r.getLong("id"), r.getString("code"), r.getString("name"),
                r.getLong("street_id"), r.getString("street_name"), r.getInteger("grids"));
    }
}
