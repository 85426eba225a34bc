package cn.palmcommunity.volunteer;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.jobs.ClusterLock;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Everything ranking reads, in memory, so that a task's candidates are ranked here ({@link CopyRanking})
 * with one small query to the database instead of one statement that reads a few hundred people's rows,
 * ledgers and bookings. The copy is exactly the database as of the snapshot it was read at; V28 notes
 * every person a committed change touched with its transaction id, so before each ranking one query
 * asks whether anything was committed that the snapshot did not see. If so, the listing waits for the
 * changed people to be read again (one read at a time; every caller waiting when a read starts is
 * served by it) and ranks on the new copy; rankings inside a transaction, and any that would wait too
 * long, use the statement on the tables (always right, only slower).
 * {@code palm.volunteer.matching-mode=database} leaves every ranking to the tables.
 */
@ApplicationScoped
public class MatchingCopy {

    private static final Logger LOG = Logger.getLogger(MatchingCopy.class);
    private static final int BATCH = 5_000;
    /** Ledger entries and bookings this far back are kept: the ranking windows reach 90 days back, or to the task's month. */
    static final int HORIZON_DAYS = 400;
    /** Above this many changed people one full read is cheaper than picking them out. */
    private static final int MOST_CHANGED = 5_000;
    /** Notes read at most when catching up; as many or more, and everything is read instead. */
    private static final int MOST_NOTES = 20_000;

    private final Pool pool;
    private final Clock clock;
    private final ClusterLock lock;
    private final boolean memory;
    private volatile Copy current;
    private final AtomicLong answeredHere = new AtomicLong();
    /**
     * The holder lists are built (50,000 people sorted by latitude, per skill) on a thread of their own, off
     * the event loop; as for the station snapshot, the shared worker pool could keep them waiting behind
     * password hashing.
     */
    private final ExecutorService builder = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "matching-copy");
        thread.setDaemon(true);
        return thread;
    });

    public MatchingCopy(Pool pool, Clock clock, ClusterLock lock,
                        @ConfigProperty(name = "palm.volunteer.matching-mode", defaultValue = "memory") String mode) {
        this.pool = pool;
        this.clock = clock;
        this.lock = lock;
        this.memory = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "memory" -> true;
            case "database" -> false;
            default -> throw new IllegalArgumentException("palm.volunteer.matching-mode must be memory or database, not " + mode);
        };
    }

    /**
     * One person as ranking sees them. Skills with their certificate's expiry (epoch day;
     * {@link Integer#MIN_VALUE} without one); weekly availability as V19 copies it onto the row; ledger
     * entries (served on, minutes) and bookings (task, period in epoch microseconds, status) since the horizon.
     */
    record Person(long id, String name, long community, double lat, double lon, boolean reachable, int capHours, int noShows,
                  String[] skills, int[] expires, int[] days, int[] opens, int[] closes, int[] servedOn, int[] minutes,
                  long[] taskIds, long[] starts, long[] ends, String[] statuses) {

        /** Whether the fields the holder lists are built from are the same as {@code other}'s. */
        boolean placedAs(Person other) {
            return other != null && lat == other.lat && lon == other.lon && community == other.community
                    && Arrays.equals(skills, other.skills) && Arrays.equals(expires, other.expires);
        }
    }

    /**
     * The copy: the snapshot it was read at ({@code pg_snapshot} text), the first day it keeps ledger
     * entries and bookings for, everyone by id, the holders of each skill and everyone by latitude,
     * the skills' certificate rule and the communities' streets.
     */
    record Copy(String snapshot, LocalDate horizon, People people, Map<String, CopyRanking.Holders> bySkill,
                CopyRanking.Holders everyone, Map<String, Boolean> certificateRequired, Map<Long, Long> streetOf) {

        /** Whether the windows a task's ranking reads (the last 90 days, the task's month) are all inside the copy. */
        boolean covers(LocalDate today, LocalDate monthStart) {
            return !today.minusDays(90).isBefore(horizon) && !monthStart.isBefore(horizon);
        }
    }

    /**
     * Everyone by id: a large map shared between copies and a small one of the people read again since
     * (null for someone removed), so catching up on a few changes does not copy 50,000 entries. The
     * small map is folded into a new large one once it holds {@value #OVERLAY_LIMIT} people.
     */
    record People(Map<Long, Person> base, Map<Long, Person> overlay) {

        private static final int OVERLAY_LIMIT = 2_000;

        Person get(long id) {
            Person changed = overlay.get(id);
            return changed != null || overlay.containsKey(id) ? changed : base.get(id);
        }

        /** These people as read again (a null value: no longer there). */
        People with(Map<Long, Person> changes) {
            Map<Long, Person> next = new HashMap<>(overlay);
            next.putAll(changes);
            if (next.size() < OVERLAY_LIMIT) {
                return new People(base, next);
            }
            Map<Long, Person> merged = new HashMap<>(base);
            next.forEach((id, p) -> {
                if (p == null) {
                    merged.remove(id);
                } else {
                    merged.put(id, p);
                }
            });
            return new People(merged, Map.of());
        }

        /** Everyone now (for rebuilding the holder lists). */
        List<Person> all() {
            List<Person> out = new ArrayList<>(base.size() + overlay.size());
            base.forEach((id, p) -> {
                if (!overlay.containsKey(id)) {
                    out.add(p);
                }
            });
            overlay.values().forEach(p -> {
                if (p != null) {
                    out.add(p);
                }
            });
            return out;
        }
    }

    /** The copy, or null before the first read ends (or in database mode). */
    Copy current() {
        return memory ? current : null;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (memory) {
            readInBackground();
        }
    }

    /**
     * Nothing noted that the copy's snapshot did not see committed, and no note it would need removed.
     * The notes from the snapshot's oldest running transaction on are read in id order, 100 at most, so
     * the plan is an index scan whatever the parameter (the matching connections keep generic plans);
     * 100 or more of them counts as changed.
     */
    private static final String NOTHING_MISSED = """
            SELECT coalesce((SELECT bool_and(pg_visible_in_snapshot(n.xid, $1::text::pg_snapshot)) AND count(*) < 100
                               FROM (SELECT c.xid FROM matching_change c WHERE c.xid >= pg_snapshot_xmin($1::text::pg_snapshot)
                                      ORDER BY c.xid LIMIT 100) n), true)
                   AND (SELECT p.through FROM matching_change_pruned p) < pg_snapshot_xmin($1::text::pg_snapshot)""";

    /**
     * Whether {@code copy} is still what {@code client} sees: nothing committed since it was read that
     * ranking depends on (the caller's own uncommitted changes count as changes).
     */
    Uni<Boolean> stillCurrent(SqlClient client, Copy copy) {
        return client.preparedQuery(NOTHING_MISSED).execute(Tuple.of(copy.snapshot())).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Counts a ranking the copy answered. */
    void answered() {
        answeredHere.incrementAndGet();
    }

    /**
     * A copy read from a snapshot taken after this call: everything committed before the call is in it.
     * Callers that found the copy behind wait for this (a few milliseconds when a few people changed)
     * rather than ranking on the tables.
     */
    Uni<Copy> readAfterNow() {
        return Uni.createFrom().completionStage(this::nextRead);
    }

    /** Has the copy catch up in the background (a caller that could not wait found it behind). */
    void catchUp() {
        nextRead();
    }

    /** How many rankings the copy answered (tests check that it was used). */
    long answeredHere() {
        return answeredHere.get();
    }

    /**
     * Catches up now and then even when no ranking asks, so that the snapshot keeps moving forward and
     * the notes it still needs are never the ones removed; one instance at a time removes notes older
     * than an hour.
     */
    @Scheduled(every = "${palm.volunteer.matching-copy-every}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> keepUp() {
        if (!memory) {
            return Uni.createFrom().voidItem();
        }
        readInBackground();
        return lock.runExclusively("matching-change-prune", this::prune).replaceWithVoid();
    }

    /** Removes the notes older than an hour, remembering the latest transaction id removed. */
    Uni<Void> prune() {
        return pool.query("""
                WITH gone AS (DELETE FROM matching_change WHERE at < now() - interval '1 hour' RETURNING xid)
                UPDATE matching_change_pruned SET through = greatest(through, (SELECT max(xid) FROM gone))
                 WHERE EXISTS (SELECT 1 FROM gone)""").execute().replaceWithVoid();
    }

    /** Brings the copy up to date now (tests). */
    public Uni<Void> refresh() {
        if (!memory) {
            return Uni.createFrom().voidItem();
        }
        return readAfterNow().replaceWithVoid();
    }

    /** The callers waiting for the next read to start, and whether one is under way (both guarded by this). */
    private CompletableFuture<Copy> waiting;
    private boolean readingNow;

    private synchronized CompletableFuture<Copy> nextRead() {
        if (waiting == null) {
            waiting = new CompletableFuture<>();
        }
        CompletableFuture<Copy> next = waiting;
        readInBackground();
        return next;
    }

    /**
     * Starts a read unless one is under way; the one under way starts another when it ends if anyone
     * is waiting then. One read at a time, so each installs a snapshot no older than the one before it.
     */
    private synchronized void readInBackground() {
        if (readingNow) {
            return;
        }
        readingNow = true;
        CompletableFuture<Copy> served = waiting;
        waiting = null;
        read(current).subscribe().with(copy -> finish(copy, null, served), failure -> finish(null, failure, served));
    }

    private void finish(Copy copy, Throwable failure, CompletableFuture<Copy> served) {
        if (failure != null) {
            LOG.warnf(failure, "Matching copy: reading failed; the tables answer until a read works");
        }
        synchronized (this) {
            if (copy != null) {
                current = copy;
            }
            readingNow = false;
        }
        if (served != null) {
            if (failure == null) {
                served.complete(copy);
            } else {
                served.completeExceptionally(failure);
            }
        }
        synchronized (this) {
            if (waiting != null) {
                readInBackground();
            }
        }
    }

    /**
     * One repeatable-read transaction: its snapshot is the new stamp, and every row read belongs to it.
     * From {@code from}, only the people noted since; everything when there is no copy yet, when the
     * notes it needs were removed, when a note says "everyone" or when most people changed.
     */
    private Uni<Copy> read(Copy from) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ChinaTime.CHINA);
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .chain(() -> conn.preparedQuery("""
                        SELECT pg_current_snapshot()::text AS snapshot,
                               $1::text IS NULL OR (SELECT p.through FROM matching_change_pruned p) >= pg_snapshot_xmin($1::text::pg_snapshot)
                                   AS lost,
                               n.scanned, n.changed
                          FROM (SELECT count(*) AS scanned,
                                       array_agg(DISTINCT coalesce(c.volunteer_id, -1))
                                           FILTER (WHERE NOT pg_visible_in_snapshot(c.xid, $1::text::pg_snapshot)) AS changed
                                  -- In id order with a limit, so the notes index is walked from the snapshot's
                                  -- oldest running transaction on, rather than the whole table read.
                                  FROM (SELECT m.xid, m.volunteer_id FROM matching_change m
                                         WHERE m.xid >= pg_snapshot_xmin($1::text::pg_snapshot) ORDER BY m.xid LIMIT $2) c) n""")
                        .execute(Tuple.of(from == null ? null : from.snapshot(), MOST_NOTES)))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    String snapshot = r.getString("snapshot");
                    Long[] changed = r.getArrayOfLongs("changed");
                    // Everything again also once a month, so that the history kept starts HORIZON_DAYS back again.
                    boolean all = from == null || r.getBoolean("lost") || from.horizon().isBefore(today.minusDays(HORIZON_DAYS + 30))
                            || r.getLong("scanned") >= MOST_NOTES
                            || changed != null && (changed.length > MOST_CHANGED || List.of(changed).contains(-1L));
                    if (all) {
                        return readAll(conn, snapshot, today.minusDays(HORIZON_DAYS));
                    }
                    if (changed == null) {
                        return Uni.createFrom().item(new Copy(snapshot, from.horizon(), from.people(), from.bySkill(), from.everyone(),
                                from.certificateRequired(), from.streetOf()));
                    }
                    return readChanged(conn, from, snapshot, changed);
                }));
    }

    private Uni<Copy> readAll(SqlConnection conn, String snapshot, LocalDate horizon) {
        Map<String, Boolean> required = new HashMap<>();
        Map<Long, Long> streets = new HashMap<>();
        return conn.query("SELECT code, certificate_required FROM volunteer_skill").execute()
                .invoke(rows -> rows.forEach(r -> required.put(r.getString(0), r.getBoolean(1))))
                .chain(() -> conn.query("SELECT id, street_id FROM community").execute())
                .invoke(rows -> rows.forEach(r -> streets.put(r.getLong(0), r.getLong(1))))
                .chain(() -> readPeople(conn, null, horizon))
                .emitOn(builder)
                .map(people -> {
                    Map<String, List<Person>> holders = new HashMap<>();
                    for (Person p : people.values()) {
                        for (String skill : p.skills()) {
                            holders.computeIfAbsent(skill, k -> new ArrayList<>()).add(p);
                        }
                    }
                    Map<String, CopyRanking.Holders> bySkill = new HashMap<>();
                    holders.forEach((skill, list) -> bySkill.put(skill, CopyRanking.Holders.of(list, skill)));
                    Copy copy = new Copy(snapshot, horizon, new People(people, Map.of()), bySkill, CopyRanking.Holders.of(people.values()),
                            required, streets);
                    LOG.infof("Matching copy: %d people, %d skills held, as of snapshot %s", people.size(),
                            people.values().stream().mapToInt(p -> p.skills().length).sum(), snapshot);
                    return copy;
                });
    }

    /** The people noted as changed read again; the holder lists rebuilt only for the skills whose holders moved. */
    private Uni<Copy> readChanged(SqlConnection conn, Copy from, String snapshot, Long[] changed) {
        return readPeople(conn, changed, from.horizon()).emitOn(builder).map(fresh -> {
            Map<Long, Person> changes = new HashMap<>();
            Set<String> skills = new HashSet<>();
            boolean moved = false;
            for (Long id : changed) {
                Person before = from.people().get(id);
                Person after = fresh.get(id);
                changes.put(id, after);
                if (after == null || !after.placedAs(before)) {
                    moved = true;
                    if (before != null) {
                        skills.addAll(List.of(before.skills()));
                    }
                    if (after != null) {
                        skills.addAll(List.of(after.skills()));
                    }
                }
            }
            People people = from.people().with(changes);
            if (!moved) {
                return new Copy(snapshot, from.horizon(), people, from.bySkill(), from.everyone(), from.certificateRequired(), from.streetOf());
            }
            // Someone moved, changed skills, arrived or left: the lists they are in (or were) are built again.
            List<Person> everyone = people.all();
            Map<String, CopyRanking.Holders> bySkill = new HashMap<>(from.bySkill());
            for (String skill : skills) {
                bySkill.put(skill, CopyRanking.Holders.of(everyone, skill));
            }
            return new Copy(snapshot, from.horizon(), people, bySkill, CopyRanking.Holders.of(everyone), from.certificateRequired(),
                    from.streetOf());
        });
    }

    /** Everyone ({@code ids} null) or the people named: their rows, skills, ledger entries and bookings since {@code horizon}. */
    private Uni<Map<Long, Person>> readPeople(SqlConnection conn, Long[] ids, LocalDate horizon) {
        String only = ids == null ? "$1::bigint[] IS NULL" : "%s = ANY ($1::bigint[])";
        OffsetDateTime horizonStart = horizon.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        Map<Long, Builder> builders = new HashMap<>();
        return each(conn, """
                SELECT id, name, community_id, ST_Y(home::geometry) AS lat, ST_X(home::geometry) AS lon, account_id IS NOT NULL AS reachable,
                       monthly_hours_cap, no_shows, weekly_days, weekly_opens, weekly_closes
                  FROM volunteer WHERE\s""" + only.formatted("id"), Tuple.of(ids), r -> builders.put(r.getLong("id"), new Builder(r)))
                .chain(() -> each(conn, "SELECT volunteer_id, skill_code, certificate_expires FROM volunteer_skill_held WHERE "
                        + only.formatted("volunteer_id") + " ORDER BY volunteer_id, skill_code", Tuple.of(ids), r -> {
                            Builder b = builders.get(r.getLong(0));
                            LocalDate expires = r.getLocalDate(2);
                            if (b != null) {
                                b.skills.add(r.getString(1).intern());   // skill codes and statuses: a few dozen values, shared
                                b.expires.add(expires == null ? Integer.MIN_VALUE : (int) expires.toEpochDay());
                            }
                        }))
                .chain(() -> each(conn, "SELECT volunteer_id, served_on, minutes FROM service_hours_entry WHERE served_on >= $2 AND "
                        + only.formatted("volunteer_id"), Tuple.of(ids, horizon), r -> {
                            Builder b = builders.get(r.getLong(0));
                            if (b != null) {
                                b.servedOn.add((int) r.getLocalDate(1).toEpochDay());
                                b.minutes.add(r.getInteger(2));
                            }
                        }))
                .chain(() -> each(conn, """
                        SELECT volunteer_id, task_id, status, lower(period) AS starts, upper(period) AS ends FROM volunteer_booking
                         WHERE upper(period) > $2 AND\s""" + only.formatted("volunteer_id"), Tuple.of(ids, horizonStart), r -> {
                            Builder b = builders.get(r.getLong(0));
                            if (b != null) {
                                b.taskIds.add(r.getLong(1));
                                b.statuses.add(r.getString(2).intern());
                                b.starts.add(CopyRanking.micros(r.getOffsetDateTime(3)));
                                b.ends.add(CopyRanking.micros(r.getOffsetDateTime(4)));
                            }
                        }))
                .map(ignored -> {
                    Map<Long, Person> people = new HashMap<>(builders.size() * 2);
                    builders.forEach((id, b) -> people.put(id, b.build()));
                    return people;
                });
    }

    /** Rows in batches through a cursor (the caller holds a transaction), so a full read never holds them all at once. */
    private static Uni<Void> each(SqlConnection conn, String sql, Tuple arguments, Consumer<Row> action) {
        return conn.prepare(sql).chain(statement -> drain(statement.cursor(arguments), action));
    }

    private static Uni<Void> drain(Cursor cursor, Consumer<Row> action) {
        return cursor.read(BATCH).chain(rows -> {
            rows.forEach(action);
            return cursor.hasMore() ? drain(cursor, action) : cursor.close();
        });
    }

    private static final class Builder {
        private final long id;
        private final String name;
        private final long community;
        private final double lat;
        private final double lon;
        private final boolean reachable;
        private final int capHours;
        private final int noShows;
        private final int[] days;
        private final int[] opens;
        private final int[] closes;
        private final List<String> skills = new ArrayList<>();
        private final List<Integer> expires = new ArrayList<>();
        private final List<Integer> servedOn = new ArrayList<>();
        private final List<Integer> minutes = new ArrayList<>();
        private final List<Long> taskIds = new ArrayList<>();
        private final List<Long> starts = new ArrayList<>();
        private final List<Long> ends = new ArrayList<>();
        private final List<String> statuses = new ArrayList<>();

        Builder(Row row) {
            id = row.getLong("id");
            name = row.getString("name");
            community = row.getLong("community_id");
            lat = row.getDouble("lat");
            lon = row.getDouble("lon");
            reachable = row.getBoolean("reachable");
            capHours = row.getInteger("monthly_hours_cap");
            noShows = row.getInteger("no_shows");
            days = shorts(row.getArrayOfShorts("weekly_days"));
            opens = ints(List.of(row.getArrayOfIntegers("weekly_opens")));
            closes = ints(List.of(row.getArrayOfIntegers("weekly_closes")));
        }

        Person build() {
            return new Person(id, name, community, lat, lon, reachable, capHours, noShows, skills.toArray(String[]::new), ints(expires),
                    days, opens, closes, ints(servedOn), ints(minutes), longs(taskIds), longs(starts), longs(ends),
                    statuses.toArray(String[]::new));
        }

        private static int[] ints(List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int[] shorts(Short[] values) {
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }

        private static long[] longs(List<Long> values) {
            return values.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
