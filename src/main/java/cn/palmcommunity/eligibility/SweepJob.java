package cn.palmcommunity.eligibility;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The full sweep: every active policy's version in force, over every resident, in PostgreSQL. The
 * residents are taken in chunks of consecutive ids; each chunk is one INSERT … SELECT evaluating all
 * policies at once (committed on its own, so progress is visible and a crash loses at most the running
 * chunks, which a rerun redoes without duplicates). {@code palm.eligibility.sweep-parallelism} chunks
 * run at the same time on their own connections (disjoint residents, so they never touch the same
 * lead). Then each policy's open leads are checked for closing in one statement. Cluster-safe: only
 * the instance holding the advisory lock sweeps.
 */
@ApplicationScoped
public class SweepJob {

    private static final Logger LOG = Logger.getLogger(SweepJob.class);
    static final String JOB = "eligibility-sweep";

    /** What a finished sweep did; its text is the job run's detail. */
    public record Outcome(LocalDate day, int policies, long rowsExamined, long leadsAdded, long leadsClosed) {
        @Override
        public String toString() {
            return policies + " policies on " + day + ", " + rowsExamined + " rows examined, " + leadsAdded + " leads added, "
                    + leadsClosed + " closed";
        }
    }

    private final Pool pool;
    private final PolicyRules rules;
    private final ClusterLock lock;
    private final JobRuns runs;
    private final SweepProgress progress;
    private final int chunk;
    private final int parallelism;

    public SweepJob(Pool pool, PolicyRules rules, ClusterLock lock, JobRuns runs, SweepProgress progress,
                    @ConfigProperty(name = "palm.eligibility.sweep-chunk", defaultValue = "100000") int chunk,
                    @ConfigProperty(name = "palm.eligibility.sweep-parallelism", defaultValue = "2") int parallelism) {
        this.pool = pool;
        this.rules = rules;
        this.lock = lock;
        this.runs = runs;
        this.progress = progress;
        this.chunk = chunk;
        this.parallelism = Math.max(1, parallelism);
    }

    @Scheduled(identity = JOB, cron = "${palm.eligibility.sweep-cron:0 30 1 * * ?}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce()
                .invoke(result -> result.ifPresent(o -> LOG.infof("Eligibility sweep: %s", o)))
                .onFailure().invoke(e -> LOG.errorf(e, "Eligibility sweep failed"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** True when no full sweep is running on this instance (a new one may start here). */
    public boolean idle() {
        return !progress.running();
    }

    /**
     * Sweeps unless one is running, here or elsewhere in the cluster: the outcome, or empty when
     * skipped. Progress is published through {@link SweepProgress}.
     */
    public Uni<Optional<Outcome>> runOnce() {
        if (!progress.begin()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return lock.runExclusively(JOB, () -> runs.record(JOB, this::sweep))
                .onItemOrFailure().invoke((result, failure) -> {
                    if (failure != null) {
                        progress.end("FAILED", failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    } else if (result.isEmpty()) {
                        progress.end("SKIPPED", "another instance holds the sweep lock");
                    } else {
                        progress.end("SUCCEEDED", result.get().toString());
                    }
                });
    }

    private Uni<Outcome> sweep() {
        LocalDate day = rules.today();
        return chunkStarts().onItem().transformToUni(starts -> rules.inForce(pool, day).onItem().transformToUni(policies -> {
            long residents = starts.residents();
            progress.plan(day, policies.size(), residents);
            return addLeads(policies, day, starts)
                    .onItem().transformToUni(ignored -> Multi.createFrom().iterable(policies)
                            .onItem().transformToUniAndConcatenate(policy -> closeLeads(policy, day))
                            .collect().asList())
                    .map(closed -> new Outcome(day, policies.size(), residents * policies.size(),
                            progress.snapshot().leadsAdded(), closed.stream().mapToLong(Long::longValue).sum()));
        }));
    }

    /** Chunk boundaries: every {@code chunk}-th resident id, so each chunk holds {@code chunk} residents. */
    record Chunks(List<Long> starts, long lastId, long residents) {
    }

    private Uni<Chunks> chunkStarts() {
        return pool.preparedQuery("""
                SELECT id, n FROM (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM resident) x
                 WHERE (n - 1) % $1 = 0 OR n = total ORDER BY id""")
                .execute(Tuple.of(chunk))
                .map(rows -> {
                    List<Long> starts = new ArrayList<>();
                    long last = 0;
                    long total = 0;
                    for (Row r : rows) {
                        long n = r.getLong("n");
                        if ((n - 1) % chunk == 0) {
                            starts.add(r.getLong("id"));
                        }
                        last = r.getLong("id");
                        total = Math.max(total, n);
                    }
                    return new Chunks(starts, last, total);
                });
    }

    /** Adds every policy's leads chunk by chunk, {@code parallelism} chunks at a time, each in its own transaction. */
    private Uni<Void> addLeads(List<PolicyRules.InForce> policies, LocalDate day, Chunks chunks) {
        if (policies.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < chunks.starts().size(); i++) {
            long from = chunks.starts().get(i);
            long to = i + 1 < chunks.starts().size() ? chunks.starts().get(i + 1) : chunks.lastId() + 1;
            long size = i + 1 < chunks.starts().size() ? chunk : chunks.residents() - (long) i * chunk;
            ranges.add(new long[] {from, to, size});
        }
        return Multi.createFrom().iterable(ranges)
                .onItem().transformToUni(range -> pool.withTransaction(conn -> conn
                                // Plans for this chunk's own range (a cached generic plan would guess its size).
                                .query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
                                .onItem().transformToUni(ignored -> SweepStatements.addLeads(conn, policies, day,
                                        SweepStatements.Residents.idRange(range[0], range[1]))))
                        .invoke(added -> progress.examined(range[2] * policies.size(), added)))
                .merge(parallelism)
                .collect().last()
                .replaceWithVoid();
    }

    /** Closes the policy's open leads that no longer hold; answers how many closed. */
    private Uni<Long> closeLeads(PolicyRules.InForce policy, LocalDate day) {
        return SweepStatements.closeLeads(pool, policy, day, null)
                .map(closed -> {
                    progress.policyDone(closed);
                    LOG.debugf("Policy %s v%d swept; %d closed", policy.code(), policy.version(), closed);
                    return (long) closed;
                });
    }
}
