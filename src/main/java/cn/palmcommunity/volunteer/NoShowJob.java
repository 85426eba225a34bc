package cn.palmcommunity.volunteer;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Records no-shows once a task's window and check-out grace are over, on one instance at a time
 * (cluster lock), each run in the job log. Settling twice changes nothing: only open bookings move.
 */
@ApplicationScoped
public class NoShowJob {

    static final String JOB = "volunteer-no-shows";

    private final Attendance attendance;
    private final Pool pool;
    private final ClusterLock lock;
    private final JobRuns runs;

    public NoShowJob(Attendance attendance, Pool pool, ClusterLock lock, JobRuns runs) {
        this.attendance = attendance;
        this.pool = pool;
        this.lock = lock;
        this.runs = runs;
    }

    @Scheduled(identity = JOB, every = "${palm.volunteer.no-show-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().replaceWithVoid();
    }

    /** Settles every task past its window; empty when another instance holds the job. */
    public Uni<Optional<Integer>> runOnce() {
        return lock.runExclusively(JOB, () -> runs.record(JOB, () -> pool.withTransaction(conn -> attendance.settle(conn, null))));
    }
}
