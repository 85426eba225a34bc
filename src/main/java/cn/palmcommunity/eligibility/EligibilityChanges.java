package cn.palmcommunity.eligibility;

import cn.palmcommunity.jobs.ClusterLock;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Incremental re-evaluation: a department feed or a worker's edit touches residents and tags; the
 * triggers of V17 queue the touched resident ids in {@code resident_change}; this job, every few
 * seconds, takes a batch off the queue and re-evaluates every policy in force for those residents
 * only (new leads added, leads that no longer hold closed), in one transaction with taking the
 * batch — a crash puts the batch back on the queue.
 */
@ApplicationScoped
public class EligibilityChanges {

    private static final Logger LOG = Logger.getLogger(EligibilityChanges.class);
    static final String JOB = "eligibility-changes";

    /** What one drain did. */
    public record Drained(int residents, long leadsAdded, long leadsClosed) {
        Drained plus(Drained other) {
            return new Drained(residents + other.residents, leadsAdded + other.leadsAdded, leadsClosed + other.leadsClosed);
        }
    }

    private final Pool pool;
    private final PolicyRules rules;
    private final ClusterLock lock;
    private final int batch;
    private final int maxBatches;

    public EligibilityChanges(Pool pool, PolicyRules rules, ClusterLock lock,
                              @ConfigProperty(name = "palm.eligibility.changes-batch", defaultValue = "20000") int batch,
                              @ConfigProperty(name = "palm.eligibility.changes-max-batches", defaultValue = "50") int maxBatches) {
        this.pool = pool;
        this.rules = rules;
        this.lock = lock;
        this.batch = batch;
        this.maxBatches = maxBatches;
    }

    @Scheduled(identity = JOB, every = "${palm.eligibility.changes-every:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return feedUploadRunning()
                .chain(running -> running ? Uni.createFrom().item(Optional.<Drained>empty()) : drain())
                .invoke(result -> result.filter(d -> d.residents() > 0)
                        .ifPresent(d -> LOG.debugf("Eligibility changes: %s", d)))
                .onFailure().invoke(e -> LOG.warnf(e, "Eligibility changes: re-evaluation failed; the batch stays queued"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * A department feed upload is being written (started in the last ten minutes: one whose server
     * died stays RUNNING). The scheduled drain waits for it to end: re-evaluating the residents of
     * one batch while the next ones are written kept a database core busy for most of the upload (70 s
     * of statements during an 86 s upload of 200,000 disability rows on two cores); the queue is
     * drained by the next runs once the upload is done.
     */
    private Uni<Boolean> feedUploadRunning() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM feed_upload WHERE status = 'RUNNING' AND started_at > now() - interval '10 minutes')")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Drains the queue (up to the batch limit per run) unless another instance is draining; empty when skipped. */
    public Uni<Optional<Drained>> drain() {
        return lock.runExclusively(JOB, () -> drainFrom(0, new Drained(0, 0, 0)));
    }

    private Uni<Drained> drainFrom(int round, Drained sofar) {
        return pool.withTransaction(this::oneBatch)
                .onItem().transformToUni(d -> {
                    Drained total = sofar.plus(d);
                    return d.residents() >= batch && round + 1 < maxBatches ? drainFrom(round + 1, total) : Uni.createFrom().item(total);
                });
    }

    private Uni<Drained> oneBatch(SqlConnection conn) {
        LocalDate day = rules.today();
        return conn.preparedQuery("""
                WITH taken AS (
                    DELETE FROM resident_change
                     WHERE id IN (SELECT id FROM resident_change ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
                    RETURNING resident_id)
                SELECT coalesce(array_agg(DISTINCT resident_id), '{}') FROM taken""")
                .execute(Tuple.of(batch))
                .map(rows -> rows.iterator().next().getArrayOfLongs(0))
                .onItem().transformToUni(ids -> ids.length == 0
                        ? Uni.createFrom().item(new Drained(0, 0, 0))
                        : rules.inForce(conn, day).onItem().transformToUni(policies -> {
                            SweepStatements.Residents touched = SweepStatements.Residents.ids(ids);
                            // Every policy's new leads in one statement, then each policy's closing.
                            return conn.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
                                    .onItem().transformToUni(ignored -> SweepStatements.addLeads(conn, policies, day, touched))
                                    .onItem().transformToUni(added -> Multi.createFrom().iterable(policies)
                                            .onItem().transformToUniAndConcatenate(policy -> SweepStatements.closeLeads(conn, policy, day, touched))
                                            .collect().in(() -> new long[1], (acc, closed) -> acc[0] += closed)
                                            .map(closed -> new Drained(ids.length, added, closed[0])));
                        }));
    }
}
