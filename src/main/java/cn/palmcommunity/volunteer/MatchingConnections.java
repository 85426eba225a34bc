package cn.palmcommunity.volunteer;

import cn.palmcommunity.db.GenericPlanPools;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A few connections of their own for the ranked-candidates listing, keeping generic plans
 * ({@link GenericPlanPools}). The listing only reads, so it needs no transaction: two round trips (the
 * task, the ranking) instead of five (BEGIN, the task, SET LOCAL, the ranking, COMMIT).
 */
@ApplicationScoped
public class MatchingConnections {

    private final Pool pool;

    public MatchingConnections(GenericPlanPools pools, @ConfigProperty(name = "palm.volunteer.matching-connections", defaultValue = "6") int size) {
        this.pool = pools.open("palm-matching", size);
    }

    Pool pool() {
        return pool;
    }
}
