package cn.palmcommunity.station;

import cn.palmcommunity.hours.Closure;
import cn.palmcommunity.hours.OpeningHours;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link StationSnapshot} that the public searches read, in step with the database, which
 * stays the source of truth.
 *
 * <ul>
 * <li>At start-up (after the demo data) it LISTENs on {@value #CHANNEL}, to which V21's triggers send
 *     the id of every station whose row, hours or closures change (whichever instance, or psql, made
 *     the change), and reads all active stations. Until that first read is done, the database answers.</li>
 * <li>A notification reads just the changed stations again. Changes made through this instance's API
 *     also wait for that before answering, so a staff member sees their own edit at once.</li>
 * <li>Every few minutes, and whenever the listening connection comes back after a break (notifications
 *     sent meanwhile are lost), it reads everything again.</li>
 * </ul>
 *
 * <p>Reads run one at a time (ids that arrive meanwhile are gathered for the next), so a later read
 * never loses to an earlier one. Each builds a new snapshot off the event loop and swaps it in; searches
 * never wait. When a read fails the snapshot is dropped and the database answers until a full read works.
 */
@ApplicationScoped
public class StationSnapshots {

    private static final Logger LOG = Logger.getLogger(StationSnapshots.class);

    static final String CHANNEL = "station_changed";
    /** Beyond this many changed stations at once (a bulk import), reading them all is cheaper than by id. */
    static final int FULL_RELOAD_ABOVE = 2_000;
    /** Closures that ended longer ago than this are not held (a search about such a moment goes to the database). */
    static final Duration CLOSURE_HISTORY = Duration.ofDays(400);
    private static final int BATCH = 2_000;
    private static final long RETRY_MILLIS = 5_000;
    /** A change made here waits at most this long for the snapshot; past it, it answers and the search catches up later. */
    private static final Duration WRITER_WAIT = Duration.ofSeconds(10);

    private static final String COLUMNS = """
            SELECT s.id, s.kind, s.name, s.address, ST_Y(s.location::geometry) AS lat, ST_X(s.location::geometry) AS lng,
                   s.amenities, s.opening_hours_osm
              FROM station s""";
    private static final String CLOSURES = """
            SELECT c.station_id, c.starts_at, c.ends_at, c.reason FROM station_closure c
             WHERE (c.ends_at IS NULL OR c.ends_at > $1)""";

    private final Pool pool;
    private final Vertx vertx;
    private final StationHours hours;
    private final boolean memory;

    /** Null until loaded, and after a failed read: the database answers then. */
    private volatile StationSnapshot current;

    private final Object lock = new Object();
    private Set<Long> pendingIds = new HashSet<>();
    private boolean pendingFull;
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean reading;
    private PgSubscriber subscriber;
    /**
     * Builds run on a thread of their own, one at a time: on the shared worker pool they would queue behind
     * unrelated blocking work (password hashing) and hold up every change waiting for them.
     */
    private final ExecutorService builder = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "station-snapshot");
        thread.setDaemon(true);
        return thread;
    });
    /** Amenity lists and hours texts repeat across stations: one copy each. */
    private final Map<Object, Object> shared = new ConcurrentHashMap<>();

    public StationSnapshots(Pool pool, Vertx vertx, StationHours hours, MeterRegistry registry,
                            @ConfigProperty(name = "palm.station.search-mode", defaultValue = "memory") String mode) {
        this.pool = pool;
        this.vertx = vertx;
        this.hours = hours;
        this.memory = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "memory" -> true;
            case "database" -> false;
            default -> throw new IllegalArgumentException("palm.station.search-mode must be memory or database, not " + mode);
        };
        Gauge.builder("palm.station.snapshot.stations", this, s -> s.current == null ? -1 : s.current.size())
                .description("Stations in the in-memory search snapshot (-1: not loaded, the database answers)").register(registry);
        Gauge.builder("palm.station.snapshot.bytes", this, s -> s.current == null ? 0 : s.current.estimatedBytes())
                .description("Estimated heap held by the station search snapshot").baseUnit("bytes").register(registry);
    }

    /** The snapshot to search, or null when the database should answer. */
    public StationSnapshot ready() {
        return memory ? current : null;
    }

    /** After the demo loader (which runs at the default priority), so the first read finds its stations. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (memory) {
            listen();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        PgSubscriber s;
        synchronized (lock) {
            s = subscriber;
            subscriber = null;
        }
        if (s != null) {
            s.close();
        }
        builder.shutdownNow();
    }

    @Scheduled(every = "${palm.station.snapshot.full-reload-every:5m}", delayed = "${palm.station.snapshot.full-reload-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> periodicReload() {
        return memory ? reloadAll() : Uni.createFrom().voidItem();
    }

    /** Reads every active station again (the safety net; also what a lost connection leads to). */
    public Uni<Void> reloadAll() {
        return await(request(List.of(), true));
    }

    /** Reads these stations again; completes once a read that started after this call is in the snapshot. */
    public Uni<Void> changed(Collection<Long> ids) {
        if (!memory || ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return await(request(ids, false))
                .ifNoItem().after(WRITER_WAIT).recoverWithItem(() -> {
                    LOG.warnf("Station snapshot: stations %s not read again within %s; answering anyway", ids, WRITER_WAIT);
                    return null;
                });
    }

    public Uni<Void> changed(long id) {
        return changed(List.of(id));
    }

    // ------------------------------------------------------------------ listening

    private void listen() {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        PgSubscriber s = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        // Called on every LISTEN, the first and after each reconnection: what was missed in between is read whole.
        s.channel(CHANNEL)
                .subscribeHandler(v -> request(List.of(), true))
                .handler(this::notified);
        synchronized (lock) {
            subscriber = s;
        }
        s.connect().onFailure(e -> {
            LOG.warnf("Station snapshot: cannot LISTEN (%s); the database answers searches, retrying", e.getMessage());
            synchronized (lock) {
                if (subscriber != s) {
                    return; // shutting down
                }
                subscriber = null;
            }
            vertx.setTimer(RETRY_MILLIS, t -> listen());
        });
    }

    private void notified(String payload) {
        try {
            request(List.of(Long.parseLong(payload.strip())), false);
        } catch (NumberFormatException e) {
            LOG.warnf("Station snapshot: ignoring notification %s", payload);
        }
    }

    // ------------------------------------------------------------------ one read at a time

    private CompletableFuture<Void> request(Collection<Long> ids, boolean full) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            pendingIds.addAll(ids);
            pendingFull |= full || pendingIds.size() > FULL_RELOAD_ABOVE;
            waiting.add(done);
            if (reading) {
                return done;
            }
            reading = true;
        }
        next();
        return done;
    }

    private void next() {
        Set<Long> ids;
        boolean full;
        List<CompletableFuture<Void>> waiters;
        synchronized (lock) {
            if (pendingIds.isEmpty() && !pendingFull) {
                reading = false;
                return;
            }
            ids = pendingIds;
            full = pendingFull || current == null;
            waiters = waiting;
            pendingIds = new HashSet<>();
            pendingFull = false;
            waiting = new ArrayList<>();
        }
        long started = System.nanoTime();
        Uni<StationSnapshot> read = full ? readAll() : readSome(ids);
        read.subscribe().with(snapshot -> {
            current = snapshot;
            if (full) {
                LOG.infof("Station snapshot: %d stations, about %.1f MB, read in %d ms", snapshot.size(),
                        snapshot.estimatedBytes() / 1e6, (System.nanoTime() - started) / 1_000_000);
            }
            waiters.forEach(w -> w.complete(null));
            next();
        }, failure -> {
            LOG.warnf(failure, "Station snapshot: reading %s failed; the database answers until a full read works",
                    full ? "all stations" : ids.size() + " stations");
            current = null;
            // The change is committed; its author need not see an error, searches simply go to the database.
            waiters.forEach(w -> w.complete(null));
            vertx.setTimer(RETRY_MILLIS, t -> request(List.of(), true));
            next();
        });
    }

    /** Continues on the caller's Vert.x context (reads complete on a worker thread). */
    private static Uni<Void> await(CompletableFuture<Void> done) {
        Context context = Vertx.currentContext();
        Uni<Void> uni = Uni.createFrom().completionStage(done);
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    // ------------------------------------------------------------------ reading

    /** All active stations, in chunks through a cursor so that no event-loop turn handles more than one chunk. */
    private Uni<StationSnapshot> readAll() {
        Instant closuresFrom = hours.now().minus(CLOSURE_HISTORY);
        Map<Long, StationSnapshot.Station> stations = new HashMap<>();
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                        .chain(() -> conn.preparedQuery(CLOSURES).execute(Tuple.of(closuresFrom.atOffset(java.time.ZoneOffset.UTC))))
                        .map(StationSnapshots::closuresByStation)
                        .chain(closures -> conn.prepare(COLUMNS + " WHERE s.active")
                                .chain(statement -> readChunks(statement.cursor(), stations, closures))))
                .emitOn(builder)
                .map(ignored -> StationSnapshot.of(stations, closuresFrom));
    }

    private Uni<Void> readChunks(Cursor cursor, Map<Long, StationSnapshot.Station> into, Map<Long, List<Closure>> closures) {
        return cursor.read(BATCH).chain(rows -> {
            for (Row r : rows) {
                StationSnapshot.Station s = station(r, closures);
                into.put(s.id(), s);
            }
            return cursor.hasMore() ? readChunks(cursor, into, closures) : cursor.close();
        });
    }

    /** Some stations by id; those no longer active (or gone) leave the snapshot. */
    private Uni<StationSnapshot> readSome(Set<Long> ids) {
        StationSnapshot base = current;
        Long[] idArray = ids.toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(CLOSURES + " AND c.station_id = ANY($2)")
                        .execute(Tuple.of(base.closuresFrom().atOffset(java.time.ZoneOffset.UTC), idArray))
                        .map(StationSnapshots::closuresByStation)
                        .chain(closures -> conn.preparedQuery(COLUMNS + " WHERE s.active AND s.id = ANY($1)").execute(Tuple.of(idArray))
                                .map(rows -> {
                                    List<StationSnapshot.Station> loaded = new ArrayList<>();
                                    for (Row r : rows) {
                                        loaded.add(station(r, closures));
                                    }
                                    return loaded;
                                })))
                .emitOn(builder)
                .map(loaded -> {
                    // A full read may have swapped in a newer base meanwhile; apply to whatever is current.
                    StationSnapshot now = current;
                    return (now == null ? base : now).with(ids, loaded);
                });
    }

    private static Map<Long, List<Closure>> closuresByStation(Iterable<Row> rows) {
        Map<Long, List<Closure>> out = new HashMap<>();
        for (Row r : rows) {
            OffsetDateTime until = r.getOffsetDateTime("ends_at");
            out.computeIfAbsent(r.getLong("station_id"), id -> new ArrayList<>())
                    .add(new Closure(r.getOffsetDateTime("starts_at").toInstant(), until == null ? null : until.toInstant(), r.getString("reason")));
        }
        for (List<Closure> list : out.values()) {
            list.sort((a, b) -> a.from().compareTo(b.from()));
        }
        return out;
    }

    private StationSnapshot.Station station(Row r, Map<Long, List<Closure>> closures) {
        long id = r.getLong("id");
        String osm = share(r.getString("opening_hours_osm"));
        OpeningHours parsed = hours.stored(osm);
        List<String> amenities = share(List.of(r.getArrayOfStrings("amenities")));
        List<Closure> own = closures.get(id);
        return new StationSnapshot.Station(id, StationKind.valueOf(r.getString("kind")), r.getString("name"), r.getString("address"),
                r.getDouble("lat"), r.getDouble("lng"), amenities, osm, parsed, own == null ? List.of() : List.copyOf(own));
    }

    @SuppressWarnings("unchecked")
    private <T> T share(T value) {
        if (shared.size() > 20_000) {
            shared.clear(); // only a pathological data set has this many distinct ones
        }
        Object existing = shared.putIfAbsent(value, value);
        return existing == null ? value : (T) existing;
    }
}
