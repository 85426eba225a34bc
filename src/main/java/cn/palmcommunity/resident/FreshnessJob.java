package cn.palmcommunity.resident;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Lists, every night, each community's records not confirmed for over a year (see {@link Freshness#check()}). */
@ApplicationScoped
public class FreshnessJob {

    private static final Logger LOG = Logger.getLogger(FreshnessJob.class);
    static final String JOB = "resident-freshness";

    private final Freshness freshness;
    private final ClusterLock lock;
    private final JobRuns runs;

    public FreshnessJob(Freshness freshness, ClusterLock lock, JobRuns runs) {
        this.freshness = freshness;
        this.lock = lock;
        this.runs = runs;
    }

    @Scheduled(identity = JOB, cron = "${palm.resident.freshness-cron}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().invoke(result -> result.ifPresent(c -> LOG.infof("Freshness: %s", c))).replaceWithVoid();
    }

    /** Runs the check unless another instance is running it; empty when skipped. */
    public Uni<Optional<Freshness.Checked>> runOnce() {
        return lock.runExclusively(JOB, () -> runs.record(JOB, freshness::check));
    }
}
