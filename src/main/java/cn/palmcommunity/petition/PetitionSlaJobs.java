package cn.palmcommunity.petition;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The time limits, enforced: marks overdue petitions, urges their handlers automatically, escalates
 * to the street and then the district, asks residents for their return-visit rating, and closes
 * visited petitions once the reopen window has passed. Every step is one set-based statement that
 * also writes its events, so a crash between steps leaves nothing half-done and the next run simply
 * continues. Only one server instance runs it at a time (a PostgreSQL advisory lock).
 */
@ApplicationScoped
public class PetitionSlaJobs {

    private static final Logger LOG = Logger.getLogger(PetitionSlaJobs.class);
    static final String JOB = "petition-sla";

    private final Pool pool;
    private final ClusterLock lock;
    private final JobRuns runs;
    private final PetitionNotices notices;
    private final Duration autoUrgeEvery;
    private final Duration escalateToStreetAfter;
    private final Duration escalateToDistrictAfter;

    public PetitionSlaJobs(Pool pool, ClusterLock lock, JobRuns runs, PetitionNotices notices,
                           @ConfigProperty(name = "palm.petition.auto-urge-every", defaultValue = "PT24H") Duration autoUrgeEvery,
                           @ConfigProperty(name = "palm.petition.escalate-to-street-after", defaultValue = "PT24H") Duration toStreet,
                           @ConfigProperty(name = "palm.petition.escalate-to-district-after", defaultValue = "PT72H") Duration toDistrict) {
        this.pool = pool;
        this.lock = lock;
        this.runs = runs;
        this.notices = notices;
        this.autoUrgeEvery = autoUrgeEvery;
        this.escalateToStreetAfter = toStreet;
        this.escalateToDistrictAfter = toDistrict;
    }

    /** What one sweep did. */
    public record Sweep(int overdue, int urged, int escalated, int visitRequested, int closed) {
    }

    @Scheduled(identity = JOB, every = "${palm.petition.sla-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().invoke(result -> result.ifPresent(s -> {
            if (s.overdue() + s.urged() + s.escalated() + s.visitRequested() + s.closed() > 0) {
                LOG.infof("Petition SLA sweep: %s", s);
            }
        })).replaceWithVoid();
    }

    /** Runs a sweep unless another instance is running one; empty when it was skipped. */
    public Uni<Optional<Sweep>> runOnce() {
        return lock.runExclusively(JOB, () -> runs.record(JOB, this::sweep));
    }

    Uni<Sweep> sweep() {
        return pool.withTransaction(this::markOverdue)
                .onItem().transformToUni(overdue -> pool.withTransaction(this::autoUrge)
                        .onItem().transformToUni(urged -> pool.withTransaction(this::escalate)
                                .onItem().transformToUni(escalated -> pool.withTransaction(this::requestVisits)
                                        .onItem().transformToUni(visits -> pool.withTransaction(this::autoClose)
                                                .map(closed -> new Sweep(overdue, urged, escalated, visits, closed))))));
    }

    /** Open petitions past their accept or resolve limit get overdue_since and an OVERDUE event. */
    private Uni<Integer> markOverdue(SqlConnection conn) {
        return conn.query("""
                        WITH marked AS (
                            UPDATE petition SET overdue_since = now(), updated_at = now()
                             WHERE overdue_since IS NULL
                               AND ((status = 'SUBMITTED' AND accept_due_at < now())
                                 OR (status IN ('ACCEPTED', 'DISPATCHED', 'IN_PROGRESS') AND resolve_due_at < now()))
                         RETURNING id, status)
                        INSERT INTO petition_event (petition_id, actor_role, action, from_status, to_status, note)
                        SELECT id, 'SYSTEM', 'OVERDUE', status, status, 'past its time limit' FROM marked""")
                .execute().map(rows -> rows.rowCount());
    }

    /** Overdue and not urged for a while: the system urges (催办) and the handler is told. */
    private Uni<Integer> autoUrge(SqlConnection conn) {
        return conn.preparedQuery("""
                        WITH urged AS (
                            UPDATE petition SET urge_count = urge_count + 1, last_urged_at = now(), updated_at = now()
                             WHERE overdue_since IS NOT NULL AND status IN ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')
                               AND (last_urged_at IS NULL OR last_urged_at < now() - make_interval(secs => $1))
                         RETURNING id, status),
                        logged AS (
                            INSERT INTO petition_event (petition_id, actor_role, action, from_status, to_status, note)
                            SELECT id, 'SYSTEM', 'URGE', status, status, 'automatic reminder: overdue' FROM urged)
                        SELECT id FROM urged""")
                .execute(Tuple.of((double) autoUrgeEvery.toSeconds()))
                .onItem().transformToUni(rows -> {
                    java.util.List<Long> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return notices.nudgedAll(conn, ids, PetitionAction.URGE).replaceWith(ids.size());
                });
    }

    /** Overdue long enough: up to the street, and later the district. */
    private Uni<Integer> escalate(SqlConnection conn) {
        return conn.preparedQuery("""
                        WITH raised AS (
                            UPDATE petition
                               SET escalation_level = CASE WHEN escalation_level = 'COMMUNITY' THEN 'STREET' ELSE 'DISTRICT' END,
                                   updated_at = now()
                             WHERE overdue_since IS NOT NULL AND status IN ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')
                               AND ((escalation_level = 'COMMUNITY' AND overdue_since < now() - make_interval(secs => $1))
                                 OR (escalation_level = 'STREET' AND overdue_since < now() - make_interval(secs => $2)))
                         RETURNING id, status, escalation_level)
                        INSERT INTO petition_event (petition_id, actor_role, action, from_status, to_status, note)
                        SELECT id, 'SYSTEM', 'ESCALATE', status, status, 'escalated to ' || lower(escalation_level) FROM raised""")
                .execute(Tuple.of((double) escalateToStreetAfter.toSeconds(), (double) escalateToDistrictAfter.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /** Resolved: ask the reporter once to rate the outcome (回访). */
    private Uni<Integer> requestVisits(SqlConnection conn) {
        return conn.query("""
                        WITH asked AS (
                            UPDATE petition SET visit_requested_at = now()
                             WHERE status = 'RESOLVED' AND visit_requested_at IS NULL
                         RETURNING id, status),
                        logged AS (
                            INSERT INTO petition_event (petition_id, actor_role, action, from_status, to_status, note)
                            SELECT id, 'SYSTEM', 'VISIT_REQUESTED', status, status, 'asked the resident to rate the outcome' FROM asked)
                        SELECT id FROM asked""")
                .execute()
                .onItem().transformToUni(rows -> {
                    java.util.List<Long> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return notices.visitRequested(conn, ids).replaceWith(ids.size());
                });
    }

    /** Visited and past the reopen window: closed. */
    private Uni<Integer> autoClose(SqlConnection conn) {
        return conn.preparedQuery("""
                        WITH closed AS (
                            UPDATE petition SET status = 'CLOSED', closed_at = now(), updated_at = now(), version = version + 1
                             WHERE status = 'VISITED' AND resolved_at < now() - make_interval(secs => $1)
                         RETURNING id)
                        INSERT INTO petition_event (petition_id, actor_role, action, from_status, to_status, note)
                        SELECT id, 'SYSTEM', 'AUTO_CLOSE', 'VISITED', 'CLOSED', 'reopen window passed' FROM closed""")
                .execute(Tuple.of((double) PetitionReader.REOPEN_WINDOW.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
