package cn.palmcommunity.eligibility;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns new leads into their reminders, exactly once, through the notification outbox:
 * <ul>
 * <li>the resident, when their registry record is linked to a mini-program account: an in-app
 *     notification with the policy version's resident_reminder and, when the account has a WeChat
 *     openid and a template is configured, a pending WeChat subscribe delivery that
 *     {@link cn.palmcommunity.notification.DeliveryDispatcher} sends (retries, give-up, idempotency
 *     key per delivery);</li>
 * <li>the community's workers: one in-app notification per community, policy and day ("N new
 *     leads", the count growing, and unread again, as later batches that day add leads) with the
 *     worker_reminder, on top of the leads themselves showing in their worklist.</li>
 * </ul>
 * One statement per batch claims leads not yet reminded ({@code FOR UPDATE SKIP LOCKED}), writes
 * every notification and delivery, and marks the leads: it all commits or none of it does, and a
 * rerun, a crash or a second server finds nothing left to do. The resident's notice also carries
 * the dedupe key {@code lead:<id>:resident}, so it exists at most once even for a lead marked back
 * by hand; the workers' daily notice ({@code leads:<community>:<policy>:<day>:worker:<account>}) is
 * raised in the statement that marks the leads it counts, so it counts each lead once. Leads whose
 * resident died or moved away, or whose policy is no longer active, are marked without any reminder.
 */
@ApplicationScoped
public class LeadReminders {

    private static final Logger LOG = Logger.getLogger(LeadReminders.class);
    static final String JOB = "eligibility-lead-reminders";

    /** What one run did. */
    public record LeadReminderRun(long leads, long residentNotices, long weChatDeliveries, long workerNotices) {
        LeadReminderRun plus(LeadReminderRun other) {
            return new LeadReminderRun(leads + other.leads, residentNotices + other.residentNotices,
                    weChatDeliveries + other.weChatDeliveries, workerNotices + other.workerNotices);
        }
    }

    private final Pool pool;
    private final ClusterLock lock;
    private final JobRuns runs;
    private final Clock clock;
    private final int batch;
    private final Optional<String> weChatTemplate;

    public LeadReminders(Pool pool, ClusterLock lock, JobRuns runs, Clock clock,
                         @ConfigProperty(name = "palm.eligibility.lead-reminder-batch", defaultValue = "2000") int batch,
                         @ConfigProperty(name = "palm.wechat.templates.eligibility-lead") Optional<String> weChatTemplate) {
        this.pool = pool;
        this.lock = lock;
        this.runs = runs;
        this.clock = clock;
        this.batch = batch;
        this.weChatTemplate = weChatTemplate.filter(t -> !t.isBlank());
    }

    /**
     * Waits while a full sweep runs anywhere in the cluster: the sweep commits its leads chunk by
     * chunk, and reminding them meanwhile made the two compete for the same cores and rows (before
     * V27 the benchmark's sweep took 63 s instead of 51 s with a run every 30 s). The leads are reminded by the
     * first run after the sweep, about a minute later at night.
     */
    @Scheduled(identity = JOB, every = "${palm.eligibility.lead-reminder-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return lock.running(SweepJob.JOB)
                .chain(sweeping -> sweeping ? Uni.createFrom().item(Optional.<LeadReminderRun>empty()) : runOnce())
                .invoke(result -> result.filter(r -> r.leads() > 0).ifPresent(r -> LOG.infof("Lead reminders: %s", r)))
                .onFailure().invoke(e -> LOG.errorf(e, "Lead reminder run failed"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One cluster-wide run over every lead waiting for its reminders; empty when another instance is running it. */
    public Uni<Optional<LeadReminderRun>> runOnce() {
        return lock.runExclusively(JOB, () -> runs.record(JOB, () -> remindAll(new LeadReminderRun(0, 0, 0, 0))));
    }

    private Uni<LeadReminderRun> remindAll(LeadReminderRun sofar) {
        return remindBatch().onItem().transformToUni(done -> {
            LeadReminderRun total = sofar.plus(done);
            return done.leads() < batch ? Uni.createFrom().item(total) : remindAll(total);
        });
    }

    /** One batch in one statement (one transaction): claim, write every reminder, mark. */
    Uni<LeadReminderRun> remindBatch() {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return pool.preparedQuery("""
                        WITH due AS (
                            SELECT l.id, l.resident_id, l.community_id, l.policy_id, l.policy_version_id
                              FROM eligibility_lead l
                             WHERE l.reminded_at IS NULL AND l.status = 'NEW'
                             ORDER BY l.id
                             LIMIT $1
                             FOR UPDATE SKIP LOCKED),
                        marked AS (
                            UPDATE eligibility_lead l SET reminded_at = $2 FROM due WHERE l.id = due.id RETURNING l.id),
                        live AS (
                            SELECT due.id, due.community_id, due.policy_id, due.policy_version_id, p.name AS policy_name,
                                   v.resident_reminder, v.worker_reminder, a.id AS account_id, a.wechat_openid
                              FROM due
                              JOIN resident r ON r.id = due.resident_id AND r.living_status = 'LIVING'
                              JOIN policy p ON p.id = due.policy_id AND p.active
                              JOIN policy_version v ON v.id = due.policy_version_id
                              LEFT JOIN account a ON a.resident_id = r.id AND a.role = 'RESIDENT' AND a.enabled),
                        resident_notice AS (
                            INSERT INTO notification (account_id, kind, title, body, link, data, dedupe_key, created_at)
                            SELECT account_id, 'ELIGIBILITY_LEAD', left('您可能符合「' || policy_name || '」', 200), resident_reminder,
                                   'pages/eligibility/lead?id=' || id, jsonb_build_object('leadId', id, 'policyId', policy_id),
                                   'lead:' || id || ':resident', $2
                              FROM live WHERE account_id IS NOT NULL
                            ON CONFLICT (dedupe_key) DO NOTHING
                            RETURNING id, (data->>'leadId')::bigint AS lead_id),
                        resident_wechat AS (
                            INSERT INTO notification_delivery (notification_id, channel, template_id, template_data)
                            SELECT n.id, 'WECHAT_SUBSCRIBE', $3,
                                   jsonb_build_object('thing1', left(live.policy_name, 20), 'thing2', left(live.resident_reminder, 20))
                              FROM resident_notice n JOIN live ON live.id = n.lead_id
                             WHERE $3::text IS NOT NULL AND live.wechat_openid IS NOT NULL
                            RETURNING id),
                        found AS (
                            SELECT community_id, policy_id, count(*) AS leads, min(policy_name) AS policy_name,
                                   min(worker_reminder) AS worker_reminder
                              FROM live GROUP BY community_id, policy_id),
                        worker_notice AS (
                            INSERT INTO notification (account_id, kind, title, body, link, data, dedupe_key, created_at)
                            SELECT w.id, 'ELIGIBILITY_LEADS', left('「' || f.policy_name || '」新增 ' || f.leads || ' 条线索', 200), f.worker_reminder,
                                   'pages/worklist/leads?policyId=' || f.policy_id || '&status=NEW',
                                   jsonb_build_object('policyId', f.policy_id, 'policyName', f.policy_name, 'communityId', f.community_id,
                                                      'day', $4::text, 'leads', f.leads),
                                   'leads:' || f.community_id || ':' || f.policy_id || ':' || $4::text || ':worker:' || w.id, $2
                              FROM found f
                              JOIN account w ON w.community_id = f.community_id AND w.role = 'COMMUNITY_WORKER' AND w.enabled
                            ON CONFLICT (dedupe_key) DO UPDATE
                               SET data = jsonb_set(notification.data, '{leads}',
                                              to_jsonb((notification.data->>'leads')::bigint + (EXCLUDED.data->>'leads')::bigint)),
                                   title = left('「' || (EXCLUDED.data->>'policyName') || '」新增 '
                                              || ((notification.data->>'leads')::bigint + (EXCLUDED.data->>'leads')::bigint) || ' 条线索', 200),
                                   body = EXCLUDED.body,
                                   read_at = NULL
                            RETURNING id)
                        SELECT (SELECT count(*) FROM marked) AS leads, (SELECT count(*) FROM resident_notice) AS residents,
                               (SELECT count(*) FROM resident_wechat) AS wechat, (SELECT count(*) FROM worker_notice) AS workers""")
                .execute(Tuple.of(batch, now, weChatTemplate.orElse(null), now.atZoneSameInstant(ChinaTime.CHINA).toLocalDate().toString()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new LeadReminderRun(row.getLong("leads"), row.getLong("residents"), row.getLong("wechat"), row.getLong("workers"));
                });
    }
}
