package cn.palmcommunity.volunteer;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The skill holders in memory, so that a one-skill task's nearest candidates are picked here rather than
 * by a GiST scan per request. The copy is stamped with the V25 counter it was read at and the matching
 * statement is handed that stamp: when the database's counter differs (a skill, certificate, home or
 * community changed since), the statement searches the tables itself, exactly as before. The copy is
 * therefore never trusted beyond the state it was read at, and a stale copy costs only speed: it is read
 * again (one read at a time, at most every {@value #MIN_GAP_MILLIS} ms) as soon as a statement reports a
 * newer counter. {@code palm.volunteer.matching-mode=database} leaves the tables to answer every time.
 */
@ApplicationScoped
public class MatchingHolders {

    private static final Logger LOG = Logger.getLogger(MatchingHolders.class);
    private static final int BATCH = 5_000;
    private static final long MIN_GAP_MILLIS = 10_000;
    /** PostGIS's sphere (use_spheroid false): the WGS 84 mean radius. */
    private static final double EARTH_RADIUS = 6_371_008.7714;
    /**
     * The picking below is approximate (a flat-earth distance at the pair's mean latitude, off by far less
     * than a millimetre at district scale); this much slack keeps everyone the exact ranking could take.
     */
    private static final double SLACK_METRES = 1.0;
    private static final double SLACK_SHARE = 0.001;

    private final Pool pool;
    private final boolean memory;
    private volatile Snapshot current;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile long lastReadEnded;
    private final AtomicLong answeredHere = new AtomicLong();

    public MatchingHolders(Pool pool, @ConfigProperty(name = "palm.volunteer.matching-mode", defaultValue = "memory") String mode) {
        this.pool = pool;
        this.memory = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "memory" -> true;
            case "database" -> false;
            default -> throw new IllegalArgumentException("palm.volunteer.matching-mode must be memory or database, not " + mode);
        };
    }

    /** Whether this instance keeps the copy at all ({@code palm.volunteer.matching-mode=memory}). */
    boolean enabled() {
        return memory;
    }

    /** One skill's holders, in parallel arrays ordered by latitude (with its cosine). */
    record Holders(long[] ids, long[] communities, double[] lats, double[] lons, double[] cosLats, int[] expires) {
    }

    /** The holders of every skill as of counter {@code version}. */
    record Snapshot(long version, Map<String, Holders> bySkill, Map<String, Boolean> certificateRequired, Map<Long, Long> streetOf) {
    }

    /** The people handed to the statement (a superset of the nearest the exact ranking keeps), and the stamp. */
    record Picked(long version, Long[] ids, Long[] communities, Double[] lats, Double[] lons) {
        static final Picked NONE = new Picked(-1, new Long[0], new Long[0], new Double[0], new Double[0]);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (memory) {
            reloadInBackground();
        }
    }

    /**
     * The nearest {@code keep} holders of {@code skill} with a certificate valid on {@code lastDay} (when
     * the skill needs one), whom the task's visibility admits, within the radius; with some slack, since
     * the statement measures and orders them exactly. {@link Picked#NONE} when there is no copy.
     */
    Picked nearest(String skill, LocalDate lastDay, String visibility, long communityId, long streetId, double lat, double lon,
                   int radiusMetres, int keep) {
        Snapshot s = memory ? current : null;
        if (s == null) {
            return Picked.NONE;
        }
        Holders h = s.bySkill().get(skill);
        Boolean required = s.certificateRequired().get(skill);
        if (h == null || required == null) {
            return new Picked(s.version(), new Long[0], new Long[0], new Double[0], new Double[0]);
        }
        int day = (int) lastDay.toEpochDay();
        double reach = radiusMetres * (1 + SLACK_SHARE) + SLACK_METRES;
        double cosLat0 = Math.cos(Math.toRadians(lat));
        double metresPerDegree = Math.toRadians(1) * EARTH_RADIUS;
        // On the sphere a north-south step alone already measures its full length: only the band of
        // latitudes within reach can hold anyone (the holders are sorted by latitude).
        double latReach = reach / metresPerDegree;
        int from = firstAtOrAbove(h.lats(), lat - latReach);
        int n = h.ids().length;
        int[] index = new int[Math.max(0, n - from)];
        double[] metres = new double[index.length];
        int found = 0;
        boolean everyone = "PUBLIC".equals(visibility);
        boolean street = "STREET".equals(visibility);
        if (!everyone && !street && !"COMMUNITY".equals(visibility)) {
            return new Picked(s.version(), new Long[0], new Long[0], new Double[0], new Double[0]);
        }
        for (int i = from; i < n && h.lats()[i] <= lat + latReach; i++) {
            if (required && h.expires()[i] < day) {
                continue;
            }
            long community = h.communities()[i];
            if (!everyone && (street ? !Long.valueOf(streetId).equals(s.streetOf().get(community)) : community != communityId)) {
                continue;
            }
            // A flat-earth distance scaled by the mean of the two latitudes' cosines (precomputed per holder):
            // within a few parts in 100,000 of the sphere's at 50 km, far inside the slack.
            double x = (h.lons()[i] - lon) * (h.cosLats()[i] + cosLat0) * 0.5;
            double y = h.lats()[i] - lat;
            double d = Math.sqrt(x * x + y * y) * metresPerDegree;
            if (d <= reach) {
                index[found] = i;
                metres[found] = d;
                found++;
            }
        }
        double limit = reach;
        if (found > keep) {
            double[] sorted = Arrays.copyOf(metres, found);
            Arrays.sort(sorted);
            limit = Math.min(reach, sorted[keep - 1] * (1 + SLACK_SHARE) + SLACK_METRES);
        }
        int taken = 0;
        for (int k = 0; k < found; k++) {
            if (metres[k] <= limit) {
                taken++;
            }
        }
        Long[] ids = new Long[taken];
        Long[] communities = new Long[taken];
        Double[] lats = new Double[taken];
        Double[] lons = new Double[taken];
        int j = 0;
        for (int k = 0; k < found; k++) {
            if (metres[k] <= limit) {
                int i = index[k];
                ids[j] = h.ids()[i];
                communities[j] = h.communities()[i];
                lats[j] = h.lats()[i];
                lons[j] = h.lons()[i];
                j++;
            }
        }
        return new Picked(s.version(), ids, communities, lats, lons);
    }

    /** The first position whose latitude is at least {@code lat} in ascending {@code lats}. */
    private static int firstAtOrAbove(double[] lats, double lat) {
        int low = 0;
        int high = lats.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (lats[mid] < lat) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** What the statement saw: the counter, and whether it took the people handed to it. */
    void seen(long databaseVersion, long handed) {
        if (handed >= 0 && handed == databaseVersion) {
            answeredHere.incrementAndGet();
        }
        Snapshot s = current;
        if (memory && (s == null || s.version() != databaseVersion)
                && System.currentTimeMillis() - lastReadEnded >= MIN_GAP_MILLIS) {
            reloadInBackground();
        }
    }

    /**
     * A ranking that finds no one reports no counter: a copy could stay behind while every task it is
     * asked about is empty. Look at the counter now and then as well.
     */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        if (!memory) {
            return Uni.createFrom().voidItem();
        }
        return pool.query("SELECT version FROM matching_holders_version").execute()
                .invoke(rows -> seen(rows.iterator().next().getLong(0), -1)).replaceWithVoid();
    }

    /** How many rankings took the people picked here (tests check that the copy was used). */
    long answeredHere() {
        return answeredHere.get();
    }

    private void reloadInBackground() {
        if (reading.compareAndSet(false, true)) {
            read().subscribe().with(snapshot -> finish(snapshot, null), failure -> finish(null, failure));
        }
    }

    private void finish(Snapshot snapshot, Throwable failure) {
        if (failure != null) {
            LOG.warnf(failure, "Matching holders: reading failed; the tables answer until a read works");
        } else {
            install(snapshot);
            LOG.infof("Matching holders: %d skills held, as of change %d", snapshot.bySkill().values().stream()
                    .mapToInt(h -> h.ids().length).sum(), snapshot.version());
        }
        lastReadEnded = System.currentTimeMillis();
        reading.set(false);
    }

    /** Reads the copy again now (tests, after changing skills by hand). */
    public Uni<Void> reload() {
        if (!memory) {
            return Uni.createFrom().voidItem();
        }
        return read().invoke(this::install).replaceWithVoid();
    }

    /** A read that ends after a later one must not bring back the older state. */
    private synchronized void install(Snapshot snapshot) {
        if (current == null || snapshot.version() >= current.version()) {
            current = snapshot;
        }
    }

    /** Everything at one moment (repeatable read), so the counter stamps exactly the rows read. */
    private Uni<Snapshot> read() {
        Map<String, Boolean> required = new HashMap<>();
        Map<Long, Long> streets = new HashMap<>();
        Map<String, Builder> builders = new HashMap<>();
        long[] version = new long[1];
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .chain(() -> conn.query("SELECT version FROM matching_holders_version").execute())
                .invoke(rows -> version[0] = rows.iterator().next().getLong(0))
                .chain(() -> conn.query("SELECT code, certificate_required FROM volunteer_skill").execute())
                .invoke(rows -> rows.forEach(r -> required.put(r.getString(0), r.getBoolean(1))))
                .chain(() -> conn.query("SELECT id, street_id FROM community").execute())
                .invoke(rows -> rows.forEach(r -> streets.put(r.getLong(0), r.getLong(1))))
                .chain(() -> conn.prepare("""
                        SELECT skill_code, volunteer_id, community_id, ST_Y(home::geometry) AS lat, ST_X(home::geometry) AS lon,
                               certificate_expires FROM volunteer_skill_held"""))
                .chain(statement -> readChunks(statement.cursor(), builders)))
                .map(ignored -> {
                    Map<String, Holders> bySkill = new HashMap<>();
                    builders.forEach((skill, b) -> bySkill.put(skill, b.build()));
                    return new Snapshot(version[0], bySkill, required, streets);
                });
    }

    private Uni<Void> readChunks(Cursor cursor, Map<String, Builder> into) {
        return cursor.read(BATCH).chain(rows -> {
            for (Row r : rows) {
                LocalDate expires = r.getLocalDate(5);
                into.computeIfAbsent(r.getString(0), k -> new Builder())
                        .add(r.getLong(1), r.getLong(2), r.getDouble(3), r.getDouble(4),
                                expires == null ? Integer.MIN_VALUE : (int) expires.toEpochDay());
            }
            return cursor.hasMore() ? readChunks(cursor, into) : cursor.close();
        });
    }

    private static final class Builder {
        private long[] ids = new long[16];
        private long[] communities = new long[16];
        private double[] lats = new double[16];
        private double[] lons = new double[16];
        private int[] expires = new int[16];
        private int size;

        void add(long id, long community, double lat, double lon, int expiresDay) {
            if (size == ids.length) {
                int grown = size * 2;
                ids = Arrays.copyOf(ids, grown);
                communities = Arrays.copyOf(communities, grown);
                lats = Arrays.copyOf(lats, grown);
                lons = Arrays.copyOf(lons, grown);
                expires = Arrays.copyOf(expires, grown);
            }
            ids[size] = id;
            communities[size] = community;
            lats[size] = lat;
            lons[size] = lon;
            expires[size] = expiresDay;
            size++;
        }

        Holders build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(lats[x], lats[y]));
            Holders h = new Holders(new long[size], new long[size], new double[size], new double[size], new double[size], new int[size]);
            for (int k = 0; k < size; k++) {
                int i = order[k];
                h.ids()[k] = ids[i];
                h.communities()[k] = communities[i];
                h.lats()[k] = lats[i];
                h.lons()[k] = lons[i];
                h.cosLats()[k] = Math.cos(Math.toRadians(lats[i]));
                h.expires()[k] = expires[i];
            }
            return h;
        }
    }
}
