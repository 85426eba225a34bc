package cn.palmcommunity.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a scheduled job on one server instance at a time. Every instance fires the same schedule;
 * each asks PostgreSQL for a session-level advisory lock named after the job, and only the one that
 * gets it does the work, the others skip this round. The lock lives on one pool connection kept for
 * the whole run: if the instance crashes, its session ends and PostgreSQL releases the lock, so a
 * dead instance never blocks the job (no lease table to expire, nothing to clean up after restart).
 */
@ApplicationScoped
public class ClusterLock {

    private static final Logger LOG = Logger.getLogger(ClusterLock.class);

    private final Pool pool;

    public ClusterLock(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} if no one else in the cluster is running {@code jobName}: its result, or
     * empty at once without running it when the job is busy elsewhere. A failure of the work is
     * passed on; in every case the lock is released and the connection returned to the pool.
     */
    public <T> Uni<Optional<T>> runExclusively(String jobName, Supplier<Uni<T>> work) {
        long key = lockKey(jobName);
        return pool.getConnection().onItem().transformToUni(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(key))
                .onItem().transformToUni(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        LOG.debugf("Job %s is running elsewhere; skipped", jobName);
                        return Uni.createFrom().item(Optional.<T>empty());
                    }
                    return Uni.createFrom().deferred(work::get).map(Optional::ofNullable);
                })
                .onTermination().call(() -> release(connection, jobName)));
    }

    /**
     * Whether some instance is running {@code jobName} right now (its advisory lock is granted to a
     * session). A job that must not compete with another asks this first; the answer can be stale by
     * the time it is used, so it decides only when to wait, never what is correct.
     */
    public Uni<Boolean> running(String jobName) {
        long key = lockKey(jobName);
        // A bigint advisory key shows in pg_locks as its high and low 32 bits, with objsubid 1; advisory
        // locks belong to a database, and another database on the server may use the same key.
        return pool.preparedQuery("""
                        SELECT EXISTS (SELECT 1 FROM pg_locks
                                        WHERE locktype = 'advisory' AND granted AND objsubid = 1
                                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                          AND classid = (($1::bigint >> 32) & 4294967295)::oid
                                          AND objid = ($1::bigint & 4294967295)::oid)""")
                .execute(Tuple.of(key))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Unlocks and hands the connection back. The connection is ours alone for this run, so
     * releasing all of its session advisory locks is exact; it also covers a cancellation that
     * arrived while the lock request was still on its way (the unlock queues behind it).
     */
    private static Uni<Void> release(SqlConnection connection, String jobName) {
        return connection.query("SELECT pg_advisory_unlock_all()").execute()
                .onFailure().invoke(e -> LOG.warnf(e, "Could not unlock job %s; its session keeps the lock until it closes", jobName))
                .onFailure().recoverWithNull()
                .replaceWithVoid()
                .eventually(connection::close);
    }

    /**
     * A stable 64-bit key for the job: the first 8 bytes of SHA-256("palm:" + name). Stable across
     * instances and versions (unlike Java's hashCode) and wide enough that two job names never meet.
     */
    static long lockKey(String jobName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("palm:" + jobName).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
