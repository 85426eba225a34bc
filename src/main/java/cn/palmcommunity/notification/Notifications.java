package cn.palmcommunity.notification;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;

/**
 * Writes notifications: the inbox row and, for accounts that came through the mini program, a
 * pending WeChat delivery that {@link DeliveryDispatcher} sends later (the outbox pattern).
 */
@ApplicationScoped
public class Notifications {

    /**
     * Records a notification through {@code client}. Pass the connection of the transaction that
     * makes the business change, and the notification exists exactly when that change commits
     * (a rollback leaves neither). A request whose {@code dedupeKey} was used before writes nothing.
     *
     * @return the notification's id (the earlier one's, for a repeated dedupe key)
     */
    public Uni<Long> notify(SqlClient client, NotificationRequest request) {
        NotificationRequest.WeChatTemplate weChat = request.weChat();
        Object[] values = {
            request.accountId(), request.kind(), request.title(), request.body(), request.link(),
            new JsonObject(new LinkedHashMap<>(request.data())), request.dedupeKey(),
            weChat == null ? null : weChat.templateId(),
            weChat == null ? null : new JsonObject(new LinkedHashMap<String, Object>(weChat.data()))
        };
        return client.preparedQuery("""
                        WITH created AS (
                            INSERT INTO notification (account_id, kind, title, body, link, data, dedupe_key)
                            VALUES ($1, $2, $3, $4, $5, $6, $7)
                            ON CONFLICT (dedupe_key) DO NOTHING
                            RETURNING id, account_id),
                        outbox AS (
                            INSERT INTO notification_delivery (notification_id, channel, template_id, template_data)
                            SELECT c.id, 'WECHAT_SUBSCRIBE', $8, $9
                              FROM created c JOIN account a ON a.id = c.account_id
                             WHERE $8::text IS NOT NULL AND a.wechat_openid IS NOT NULL)
                        SELECT id FROM created""")
                .execute(Tuple.from(values))
                .onItem().transformToUni(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().item(rows.iterator().next().getLong("id"));
                    }
                    // A repeat: the row with this dedupe key was there already (committed before ours ran).
                    return client.preparedQuery("SELECT id FROM notification WHERE dedupe_key = $1")
                            .execute(Tuple.of(request.dedupeKey()))
                            .map(existing -> existing.size() == 0 ? null : existing.iterator().next().getLong("id"));
                });
    }
}
