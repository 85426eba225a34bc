package cn.palmcommunity.resident;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Compounds of the communities in the caller's scope. */
@ApplicationScoped
public class Compounds {

    private final Pool pool;

    public Compounds(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<CompoundView>> list(long communityId, DataScope scope) {
        scope.requireCommunity(communityId);
        return pool.preparedQuery("""
                        SELECT id, community_id, grid_id, name, street_address FROM compound WHERE community_id = $1 ORDER BY name""")
                .execute(Tuple.of(communityId))
                .map(rows -> {
                    List<CompoundView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    public Uni<CompoundView> create(CompoundView c, DataScope scope) {
        if (c == null || c.communityId() == null) {
            throw ProblemException.invalidField("communityId", "is required");
        }
        if (c.gridId() == null) {
            throw ProblemException.invalidField("gridId", "is required");
        }
        if (c.name() == null || c.name().isBlank() || c.name().strip().length() > 100) {
            throw ProblemException.invalidField("name", "1-100 characters");
        }
        if (c.streetAddress() != null && c.streetAddress().length() > 200) {
            throw ProblemException.invalidField("streetAddress", "at most 200 characters");
        }
        scope.requireCommunity(c.communityId());
        return pool.preparedQuery("SELECT community_id FROM grid WHERE id = $1").execute(Tuple.of(c.gridId()))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0 || rows.iterator().next().getLong(0) != c.communityId().longValue()) {
                        return Uni.createFrom().failure(ProblemException.invalidField("gridId",
                                "grid " + c.gridId() + " is not in community " + c.communityId()));
                    }
                    return pool.preparedQuery("""
                                    INSERT INTO compound (community_id, grid_id, name, street_address) VALUES ($1, $2, $3, $4)
                                    ON CONFLICT (community_id, name) DO NOTHING
                                    RETURNING id, community_id, grid_id, name, street_address""")
                            .execute(Tuple.of(c.communityId(), c.gridId(), c.name().strip(), c.streetAddress()))
                            .map(inserted -> {
                                if (inserted.size() == 0) {
                                    throw ProblemException.conflict("duplicate-compound",
                                            "Community " + c.communityId() + " has a compound named " + c.name().strip() + " already");
                                }
                                return view(inserted.iterator().next());
                            });
                });
    }

    private static CompoundView view(Row r) {
        return new CompoundView(r.getLong("id"), r.getLong("community_id"), r.getLong("grid_id"), r.getString("name"),
                r.getString("street_address"));
    }
}
