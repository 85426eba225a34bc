package cn.palmcommunity.db;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Small connection pools, to the application's database, whose sessions keep generic plans
 * ({@code plan_cache_mode = force_generic_plan}, sent with the start-up message so it holds for the
 * connection's life). For statements that cost more to plan than to run, and whose plan does not
 * depend on the values. Without a transaction a {@code SET LOCAL} would not hold, and the shared pool
 * must keep the default: most statements, the feed batches above all, want plans for their values.
 */
@ApplicationScoped
public class GenericPlanPools {

    private final Vertx vertx;
    private final List<Pool> opened = new CopyOnWriteArrayList<>();

    public GenericPlanPools(Vertx vertx) {
        this.vertx = vertx;
    }

    /** A pool of at most {@code size} connections; {@code name} shows as the sessions' application_name. */
    public Pool open(String name, int size) {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        options.addProperty("plan_cache_mode", "force_generic_plan");
        options.addProperty("application_name", name);
        options.setCachePreparedStatements(true);
        PoolOptions pooling = new PoolOptions().setMaxSize(size).setName(name).setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES);
        Pool pool = PgBuilder.pool().with(pooling).connectingTo(options).using(vertx).build();
        opened.add(pool);
        return pool;
    }

    void onStop(@Observes ShutdownEvent event) {
        opened.forEach(Pool::closeAndForget);
    }
}
