package cn.palmcommunity.volunteer;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A few connections of their own for the ranked-candidates listing, opened with
 * {@code plan_cache_mode = force_generic_plan} as a session setting. The listing only reads, so it needs
 * no transaction; without one a {@code SET LOCAL} would not hold, and the shared pool must keep the
 * default (other statements, the feed batches, want custom plans). Two round trips (the task, the
 * ranking) instead of five (BEGIN, the task, SET LOCAL, the ranking, COMMIT).
 */
@ApplicationScoped
public class MatchingConnections {

    private final Pool pool;

    public MatchingConnections(Vertx vertx, @ConfigProperty(name = "palm.volunteer.matching-connections", defaultValue = "6") int size) {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        // Any server setting may come with the start-up message; this one holds for the connection's life.
        options.addProperty("plan_cache_mode", "force_generic_plan");
        options.addProperty("application_name", "palm-matching");
        options.setCachePreparedStatements(true);
        PoolOptions pooling = new PoolOptions().setMaxSize(size).setName("palm-matching")
                .setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES);
        this.pool = PgBuilder.pool().with(pooling).connectingTo(options).using(vertx).build();
    }

    Pool pool() {
        return pool;
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.closeAndForget();
    }
}
