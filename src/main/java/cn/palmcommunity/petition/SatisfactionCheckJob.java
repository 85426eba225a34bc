package cn.palmcommunity.petition;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the satisfaction self-check for the month just ended, early on the 1st (China time). Every
 * instance fires; the one holding the cluster lock does the work and records the run. A second run
 * of the same month (another instance a moment later, or an operator) only rewrites the same rows.
 */
@ApplicationScoped
public class SatisfactionCheckJob {

    private static final Logger LOG = Logger.getLogger(SatisfactionCheckJob.class);
    static final String JOB = "petition-satisfaction-check";

    private final SatisfactionChecks checks;
    private final ClusterLock lock;
    private final JobRuns runs;

    public SatisfactionCheckJob(SatisfactionChecks checks, ClusterLock lock, JobRuns runs) {
        this.checks = checks;
        this.lock = lock;
        this.runs = runs;
    }

    @Scheduled(identity = JOB, cron = "${palm.petition.self-check-cron:0 0 2 1 * ?}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce(YearMonth.now(ChinaTime.CHINA).minusMonths(1))
                .invoke(result -> result.ifPresent(g -> LOG.infof("Satisfaction self-check: %s", g)))
                .replaceWithVoid();
    }

    /** Generates the month unless another instance is running the job; empty when it was skipped. */
    public Uni<Optional<SatisfactionChecks.Generated>> runOnce(YearMonth month) {
        return lock.runExclusively(JOB, () -> runs.record(JOB, () -> checks.generate(month)));
    }
}
