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
 * Sends due outbox deliveries. Each run claims a batch of due PENDING rows in one short statement
 * ({@code FOR UPDATE SKIP LOCKED}, so two server instances never take the same row and need no other
 * lock), counts the attempt and hides the rows for a lease; then sends them outside any transaction
 * and records each outcome. A server that dies mid-send leaves its rows to be picked up again after
 * the lease: delivery is at least once.
 *
 * <p>Retries back off 1 min, 5 min, 30 min, 2 h; the fifth failed attempt gives up.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    static final int MAX_ATTEMPTS = 5;
    static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2));
    /** How long a claimed row stays hidden from other runs while it is being sent. */
    static final Duration LEASE = Duration.ofMinutes(5);
    /** Messages in flight to WeChat at once within one run. */
    private static final int PARALLEL_SENDS = 4;

    private record Due(long id, int attempts, String openid, String templateId, Map<String, Object> data, String page) {
    }

    private final Pool pool;
    private final WeChatSubscribeMessages weChat;
    private final int batch;

    public DeliveryDispatcher(Pool pool, WeChatSubscribeMessages weChat,
                              @ConfigProperty(name = "palm.notification.dispatch-batch", defaultValue = "50") int batch) {
        this.pool = pool;
        this.weChat = weChat;
        this.batch = batch;
    }

    @Scheduled(identity = "notification-dispatch", every = "${palm.notification.dispatch-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatchOnSchedule() {
        return dispatchDue(batch)
                .onFailure().invoke(e -> LOG.errorf(e, "Notification dispatch run failed"))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }

    /** Claims up to {@code batch} due deliveries, sends them and records the outcomes; answers how many were claimed. */
    public Uni<Integer> dispatchDue(int batch) {
        return claim(batch).onItem().transformToUni(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom().iterable(due)
                    .onItem().transformToUni(this::deliver).merge(PARALLEL_SENDS)
                    .collect().asList()
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

    private Uni<Void> deliver(Due due) {
        Uni<WeChatSubscribeMessages.Outcome> sent = due.openid() == null
                ? Uni.createFrom().item(new WeChatSubscribeMessages.Outcome(WeChatSubscribeMessages.Result.GAVE_UP, "the account has no WeChat openid"))
                : weChat.send(due.openid(), due.templateId(), due.page(), due.data());
        return sent
                .onFailure().recoverWithItem(e -> WeChatSubscribeMessages.Outcome.retry(e.toString()))
                .onItem().transformToUni(outcome -> record(due, outcome))
                .onFailure().invoke(e -> LOG.errorf(e, "Outcome of notification delivery %d could not be recorded; it is retried after its lease", due.id()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> record(Due due, WeChatSubscribeMessages.Outcome outcome) {
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
        // Only our own claim is updated: a row re-claimed after its lease has a higher attempt count.
        return pool.preparedQuery("""
                        UPDATE notification_delivery
                           SET status = $3,
                               last_error = $4,
                               sent_at = CASE WHEN $3 = 'SENT' THEN now() ELSE sent_at END,
                               next_attempt_at = CASE WHEN $5::double precision IS NULL THEN next_attempt_at
                                                      ELSE now() + make_interval(secs => $5) END
                         WHERE id = $1 AND attempts = $2 AND status = 'PENDING'""")
                .execute(Tuple.of(due.id(), due.attempts(), status, error, retryIn == null ? null : (double) retryIn.toSeconds()))
                .replaceWithVoid();
    }
}
