package cn.palmcommunity.notification;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends due outbox deliveries. Each batch is claimed in one short statement ({@code FOR UPDATE SKIP
 * LOCKED}, so two server instances never take the same row and need no other lock) that counts the
 * attempt and hides the rows for a lease; the batch is then sent outside any transaction, with a
 * bounded number of messages in flight, and all its outcomes are recorded in one statement. A
 * scheduled run drains the backlog batch after batch (up to a limit per run), in a few lanes at once.
 *
 * <p>A server that dies mid-batch leaves its rows to be picked up again after the lease. Every
 * attempt at one delivery carries the same idempotency key ({@code palm-delivery-<id>}), so a
 * message that was sent but whose outcome was never recorded is recognised by the gateway on the
 * resend instead of reaching the resident twice.
 *
 * <p>Retries back off 1 min, 5 min, 30 min, 2 h; the fifth failed attempt gives up (status GAVE_UP
 * with the last error, visible to operators). WeChat's "refused" (43101) gives up at once: that
 * channel is not retried.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    static final int MAX_ATTEMPTS = 5;
    static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2));
    /** How long a claimed row stays hidden from other runs while it is being sent. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private record Due(long id, int attempts, String openid, String templateId, Map<String, Object> data, String page) {
    }

    private record Recorded(Due due, String status, String error, Double retryInSeconds) {
    }

    private final Pool pool;
    private final WeChatSubscribeMessages weChat;
    private final int batch;
    private final int concurrency;
    private final int maxBatchesPerRun;
    private final int lanes;

    public DeliveryDispatcher(Pool pool, WeChatSubscribeMessages weChat,
                              @ConfigProperty(name = "palm.notification.dispatch-batch", defaultValue = "50") int batch,
                              @ConfigProperty(name = "palm.notification.dispatch-concurrency", defaultValue = "16") int concurrency,
                              @ConfigProperty(name = "palm.notification.dispatch-max-batches", defaultValue = "200") int maxBatchesPerRun,
                              @ConfigProperty(name = "palm.notification.dispatch-lanes", defaultValue = "2") int lanes) {
        this.pool = pool;
        this.weChat = weChat;
        this.batch = batch;
        this.concurrency = Math.max(1, concurrency);
        this.maxBatchesPerRun = Math.max(1, maxBatchesPerRun);
        this.lanes = Math.max(1, lanes);
    }

    @Scheduled(identity = "notification-dispatch", every = "${palm.notification.dispatch-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatchOnSchedule() {
        // Lanes overlap one batch's claim and record with another's sends; SKIP LOCKED keeps them apart.
        List<Uni<Long>> drains = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            drains.add(drain(batch, maxBatchesPerRun));
        }
        return Uni.join().all(drains).andFailFast().map(counts -> counts.stream().mapToLong(Long::longValue).sum())
                .onFailure().invoke(e -> LOG.errorf(e, "Notification dispatch run failed"))
                .onFailure().recoverWithItem(0L)
                .replaceWithVoid();
    }

    /**
     * Dispatches batch after batch until a batch comes back short (nothing more is due) or
     * {@code maxBatches} were sent; answers how many deliveries were claimed in all.
     */
    public Uni<Long> drain(int batch, int maxBatches) {
        return drain(batch, maxBatches, 0L);
    }

    private Uni<Long> drain(int batch, int batchesLeft, long sofar) {
        return dispatchDue(batch).onItem().transformToUni(claimed -> claimed < batch || batchesLeft <= 1
                ? Uni.createFrom().item(sofar + claimed)
                : drain(batch, batchesLeft - 1, sofar + claimed));
    }

    /** Claims up to {@code batch} due deliveries, sends them and records the outcomes; answers how many were claimed. */
    public Uni<Integer> dispatchDue(int batch) {
        return claim(batch).onItem().transformToUni(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom().iterable(due)
                    .onItem().transformToUni(this::deliver).merge(concurrency)
                    .collect().asList()
                    .onItem().transformToUni(this::record)
                    .onFailure().invoke(e -> LOG.errorf(e, "Outcomes of %d notification deliveries could not be recorded; they are retried "
                            + "after their lease under the same idempotency keys", due.size()))
                    .onFailure().recoverWithNull()
                    .replaceWith(due.size());
        });
    }

    private Uni<List<Due>> claim(int batch) {
        return pool.preparedQuery("""
                        WITH due AS (
                            SELECT id FROM notification_delivery
                             WHERE status = 'PENDING' AND next_attempt_at <= now()
                             ORDER BY next_attempt_at, id
                             LIMIT $1
                             FOR UPDATE SKIP LOCKED)
                        UPDATE notification_delivery d
                           SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
                          FROM due, notification n, account a
                         WHERE d.id = due.id AND n.id = d.notification_id AND a.id = n.account_id
                        RETURNING d.id, d.attempts, d.template_id, d.template_data, n.link, a.wechat_openid""")
                .execute(Tuple.of(batch, (double) LEASE.toSeconds()))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row row : rows) {
                        JsonObject data = row.getJsonObject("template_data");
                        due.add(new Due(row.getLong("id"), row.getInteger("attempts"), row.getString("wechat_openid"),
                                row.getString("template_id"), data == null ? Map.of() : data.getMap(), row.getString("link")));
                    }
                    return due;
                });
    }

    /** The idempotency key of every attempt at one delivery. */
    static String idempotencyKey(long deliveryId) {
        return "palm-delivery-" + deliveryId;
    }

    private Uni<Recorded> deliver(Due due) {
        Uni<WeChatSubscribeMessages.Outcome> sent = due.openid() == null
                ? Uni.createFrom().item(new WeChatSubscribeMessages.Outcome(WeChatSubscribeMessages.Result.GAVE_UP, "the account has no WeChat openid"))
                : weChat.send(idempotencyKey(due.id()), due.openid(), due.templateId(), due.page(), due.data());
        return sent
                .onFailure().recoverWithItem(e -> WeChatSubscribeMessages.Outcome.retry(e.toString()))
                .map(outcome -> outcome(due, outcome));
    }

    private static Recorded outcome(Due due, WeChatSubscribeMessages.Outcome outcome) {
        String status;
        Duration retryIn = null;
        String error = outcome.error();
        switch (outcome.result()) {
            case SENT -> status = "SENT";
            case GAVE_UP -> status = "GAVE_UP";
            case FAILED -> status = "FAILED";
            default -> {
                if (due.attempts() >= MAX_ATTEMPTS) {
                    status = "GAVE_UP";
                    error = "gave up after " + due.attempts() + " attempts; last: " + error;
                } else {
                    status = "PENDING";
                    retryIn = BACKOFF.get(Math.min(due.attempts(), BACKOFF.size()) - 1);
                }
            }
        }
        if (!"SENT".equals(status)) {
            LOG.infof("Notification delivery %d (attempt %d): %s, %s", due.id(), due.attempts(), status, error);
        }
        return new Recorded(due, status, error, retryIn == null ? null : (double) retryIn.toSeconds());
    }

    /**
     * Records a batch's outcomes in one statement. Only our own claim is updated: a row re-claimed
     * after its lease has a higher attempt count, and a row given up meanwhile (its lead closed) is
     * no longer PENDING.
     */
    private Uni<Void> record(List<Recorded> outcomes) {
        int n = outcomes.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] statuses = new String[n];
        String[] errors = new String[n];
        Double[] retries = new Double[n];
        for (int i = 0; i < n; i++) {
            Recorded r = outcomes.get(i);
            ids[i] = r.due().id();
            attempts[i] = r.due().attempts();
            statuses[i] = r.status();
            errors[i] = r.error();
            retries[i] = r.retryInSeconds();
        }
        return pool.preparedQuery("""
                        UPDATE notification_delivery d
                           SET status = o.status,
                               last_error = o.error,
                               sent_at = CASE WHEN o.status = 'SENT' THEN now() ELSE d.sent_at END,
                               next_attempt_at = CASE WHEN o.retry_in IS NULL THEN d.next_attempt_at
                                                      ELSE now() + make_interval(secs => o.retry_in) END
                          FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::float8[]) AS o(id, attempts, status, error, retry_in)
                         WHERE d.id = o.id AND d.attempts = o.attempts AND d.status = 'PENDING'""")
                .execute(Tuple.of(ids, attempts, statuses, errors, retries))
                .replaceWithVoid();
    }
}
