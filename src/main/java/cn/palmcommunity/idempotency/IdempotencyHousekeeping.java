package cn.palmcommunity.idempotency;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Forgets Idempotency-Keys once their time to live has passed, on one instance at a time. */
@ApplicationScoped
public class IdempotencyHousekeeping {

    static final String JOB = "idempotency-purge";

    private final IdempotencyKeys keys;
    private final ClusterLock lock;
    private final JobRuns runs;

    public IdempotencyHousekeeping(IdempotencyKeys keys, ClusterLock lock, JobRuns runs) {
        this.keys = keys;
        this.lock = lock;
        this.runs = runs;
    }

    @Scheduled(identity = JOB, every = "${palm.idempotency.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return lock.runExclusively(JOB, () -> runs.record(JOB, keys::purgeExpired)).replaceWithVoid();
    }
}
