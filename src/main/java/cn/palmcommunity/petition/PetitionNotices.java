package cn.palmcommunity.petition;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.notification.NotificationRequest;
import cn.palmcommunity.notification.Notifications;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells the people who follow a petition what happened to it: its reporter and co-signers on every
 * status change, the handler when it is urged or supervised. Written through the notification
 * outbox in the transaction of the change, so a notice exists exactly when the change committed;
 * the WeChat subscribe message goes out with it when a template is configured.
 */
@ApplicationScoped
public class PetitionNotices {

    static final Map<PetitionStatus, String> STATUS_ZH = Map.of(
            PetitionStatus.SUBMITTED, "已提交", PetitionStatus.ACCEPTED, "已受理", PetitionStatus.DISPATCHED, "已派单",
            PetitionStatus.IN_PROGRESS, "办理中", PetitionStatus.RESOLVED, "已办结", PetitionStatus.VISITED, "已回访",
            PetitionStatus.CLOSED, "已关闭", PetitionStatus.REJECTED, "未予受理", PetitionStatus.MERGED, "已合并");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Notifications notifications;
    private final Optional<String> statusTemplate;

    public PetitionNotices(Notifications notifications,
                           @ConfigProperty(name = "palm.wechat.templates.petition-status") Optional<String> statusTemplate) {
        this.notifications = notifications;
        this.statusTemplate = statusTemplate;
    }

    /** The reporter and every co-signer learn the new status (and, for a merge, which petition they follow now). */
    public Uni<Void> statusChanged(SqlConnection conn, long petitionId, PetitionStatus status) {
        return followers(conn, petitionId).onItem().transformToUni(rows -> send(conn, rows, row -> {
            String zh = STATUS_ZH.get(status);
            Long mergedInto = row.getLong("merged_into");
            String body = switch (status) {
                case RESOLVED -> "处理结果：" + row.getString("result_text") + "。请在小程序中评价。";
                case REJECTED -> "原因：" + row.getString("reject_reason");
                case MERGED -> "与诉求 #" + mergedInto + " 为同一问题，已合并，您将继续收到该诉求的进展。";
                default -> "您的诉求 #" + petitionId + " " + zh + "。";
            };
            long linkTo = status == PetitionStatus.MERGED && mergedInto != null ? mergedInto : petitionId;
            NotificationRequest request = NotificationRequest.to(row.getLong("account_id"), "PETITION_STATUS", "诉求" + zh)
                    .withBody(body)
                    .withLink("pages/petition/detail?id=" + linkTo)
                    .withData(Map.of("petitionId", petitionId, "status", status.name()));
            return statusTemplate.map(t -> request.withWeChat(t, Map.of("character_string1", Long.toString(petitionId),
                    "phrase2", zh, "time3", LocalDateTime.now(ChinaTime.CHINA).format(MINUTES)))).orElse(request);
        }));
    }

    public Uni<Void> nudged(SqlConnection conn, long petitionId, PetitionAction action) {
        return nudgedAll(conn, List.of(petitionId), action);
    }

    /** 催办 / 督办 reach the handler who accepted the petition (nobody yet when it is unaccepted). */
    public Uni<Void> nudgedAll(SqlConnection conn, List<Long> petitionIds, PetitionAction action) {
        if (petitionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("SELECT id, handler_id AS account_id FROM petition WHERE id = ANY($1) AND handler_id IS NOT NULL")
                .execute(Tuple.of(petitionIds.toArray(Long[]::new)))
                .onItem().transformToUni(rows -> send(conn, rows, row -> NotificationRequest.to(row.getLong("account_id"),
                                action == PetitionAction.SUPERVISE ? "PETITION_SUPERVISED" : "PETITION_URGED",
                                (action == PetitionAction.SUPERVISE ? "督办：诉求 #" : "催办：诉求 #") + row.getLong("id"))
                        .withLink("pages/work/petition?id=" + row.getLong("id"))
                        .withData(Map.of("petitionId", row.getLong("id")))));
    }

    /** Once resolved, the reporter is asked once to rate the outcome. */
    public Uni<Void> visitRequested(SqlConnection conn, List<Long> petitionIds) {
        if (petitionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("SELECT id, reporter_id AS account_id FROM petition WHERE id = ANY($1) AND reporter_id IS NOT NULL")
                .execute(Tuple.of(petitionIds.toArray(Long[]::new)))
                .onItem().transformToUni(rows -> send(conn, rows, row -> NotificationRequest.to(row.getLong("account_id"),
                                "PETITION_RATE", "请评价诉求 #" + row.getLong("id") + " 的处理结果")
                        .withLink("pages/petition/detail?id=" + row.getLong("id"))
                        .withData(Map.of("petitionId", row.getLong("id")))
                        .withDedupeKey("petition:" + row.getLong("id") + ":rate-request")));
    }

    private Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> followers(SqlConnection conn, long petitionId) {
        return conn.preparedQuery("""
                        SELECT f.account_id, p.merged_into, p.result_text, p.reject_reason
                          FROM petition p
                          CROSS JOIN LATERAL (SELECT p.reporter_id AS account_id
                                              UNION SELECT account_id FROM petition_cosigner WHERE petition_id = p.id) f
                         WHERE p.id = $1 AND f.account_id IS NOT NULL""")
                .execute(Tuple.of(petitionId));
    }

    /** One notice per row, one after another on the transaction's connection. */
    private Uni<Void> send(SqlConnection conn, Iterable<Row> rows, java.util.function.Function<Row, NotificationRequest> build) {
        List<NotificationRequest> requests = new ArrayList<>();
        rows.forEach(row -> requests.add(build.apply(row)));
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUniAndConcatenate(request -> notifications.notify(conn, request))
                .collect().last().replaceWithVoid();
    }
}
