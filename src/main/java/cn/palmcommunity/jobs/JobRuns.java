package cn.palmcommunity.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The record of scheduled job runs, so an administrator can see that the escalation job ran last
 * night, on which instance, and what it did. A job combines this with {@link ClusterLock}:
 * <pre>{@code
 * lock.runExclusively("petition-escalation", () -> runs.record("petition-escalation", this::escalateOverdue))
 * }</pre>
 * so only the instance that got the lock writes a row.
 */
@ApplicationScoped
public class JobRuns {

    private static final Logger LOG = Logger.getLogger(JobRuns.class);
    static final int MAX_DETAIL = 1000;

    private final Pool pool;
    private final String instance;

    public JobRuns(Pool pool) {
        this.pool = pool;
        // Host name (the pod's in Kubernetes) and process id tell instances apart without configuration.
        String host = System.getenv("HOSTNAME");
        this.instance = (host == null || host.isBlank() ? "localhost" : host) + ":" + ProcessHandle.current().pid();
    }

    /**
     * Runs {@code work} between a RUNNING row and its outcome: SUCCEEDED with the result's text as
     * detail, or FAILED with the error, which is then passed on. A row left RUNNING means the
     * instance died during the run.
     */
    public <T> Uni<T> record(String job, Supplier<Uni<T>> work) {
        return start(job).onItem().transformToUni(id -> Uni.createFrom().deferred(work::get)
                .onItemOrFailure().call((result, failure) -> failure == null
                        ? finish(id, JobOutcome.SUCCEEDED, result == null ? null : result.toString())
                        : finish(id, JobOutcome.FAILED, failure.getClass().getSimpleName() + ": " + failure.getMessage())));
    }

    public String instance() {
        return instance;
    }

    public Uni<List<JobRunView>> recent(String job, int limit) {
        return pool.preparedQuery("""
                SELECT id, job, started_at, finished_at, outcome, detail, instance FROM job_run
                 WHERE ($1::text IS NULL OR job = $1)
                 ORDER BY started_at DESC, id DESC LIMIT $2""")
                .execute(Tuple.of(job, limit))
                .map(rows -> {
                    List<JobRunView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new JobRunView(r.getLong("id"), r.getString("job"), r.getOffsetDateTime("started_at"),
                                r.getOffsetDateTime("finished_at"), JobOutcome.valueOf(r.getString("outcome")),
                                r.getString("detail"), r.getString("instance")));
                    }
                    return out;
                });
    }

    private Uni<Long> start(String job) {
        return pool.preparedQuery("INSERT INTO job_run (job, instance) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(job, instance))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Best effort: a failure to write the outcome is logged and must not change the job's own result. */
    private Uni<Void> finish(long id, JobOutcome outcome, String detail) {
        String shortened = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
        return pool.preparedQuery("UPDATE job_run SET finished_at = clock_timestamp(), outcome = $2, detail = $3 WHERE id = $1")
                .execute(Tuple.of(id, outcome.name(), shortened))
                .onFailure().invoke(e -> LOG.warnf(e, "Could not record the outcome of job run %d", id))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
