package cn.palmcommunity.notification;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The in-app inbox: each account sees and marks only its own notifications. */
@ApplicationScoped
public class NotificationInbox {

    private final Pool pool;

    public NotificationInbox(Pool pool) {
        this.pool = pool;
    }

    public Uni<NotificationPage> page(long accountId, boolean unreadOnly, Long cursor, int limit) {
        Uni<List<NotificationView>> items = pool.preparedQuery("""
                        SELECT id, kind, title, body, link, data, created_at, read_at
                          FROM notification
                         WHERE account_id = $1
                           AND (NOT $2 OR read_at IS NULL)
                           AND ($3::bigint IS NULL OR id < $3)
                         ORDER BY id DESC
                         LIMIT $4""")
                .execute(Tuple.of(accountId, unreadOnly, cursor, limit + 1))
                .map(rows -> {
                    List<NotificationView> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(view(row));
                    }
                    return found;
                });
        Uni<Long> unread = pool.preparedQuery("SELECT count(*) FROM notification WHERE account_id = $1 AND read_at IS NULL")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, unread).asTuple().map(both -> {
            List<NotificationView> found = both.getItem1();
            boolean more = found.size() > limit;
            List<NotificationView> page = more ? found.subList(0, limit) : found;
            return new NotificationPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null, both.getItem2());
        });
    }

    /** Marks one notification read (again is fine: the first read time stays). Someone else's is "not found". */
    public Uni<Void> markRead(long accountId, long id) {
        return pool.preparedQuery("UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND account_id = $2")
                .execute(Tuple.of(id, accountId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.notFound("Notification", id);
                    }
                    return null;
                });
    }

    private static NotificationView view(Row row) {
        JsonObject data = row.getJsonObject("data");
        return new NotificationView(row.getLong("id"), row.getString("kind"), row.getString("title"), row.getString("body"),
                row.getString("link"), data == null ? Map.of() : data.getMap(),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("read_at"));
    }
}
