package cn.palmcommunity.petition;

import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's inbox: the petitions of their scope, newest first, a page at a time (keyset on id, so
 * a page costs the same at the millionth petition as at the first).
 */
@ApplicationScoped
public class PetitionInbox {

    private final Pool pool;

    public PetitionInbox(Pool pool) {
        this.pool = pool;
    }

    public record Filter(InboxView view, PetitionStatus status, String category, Long community, Long grid, Channel channel,
                         OffsetDateTime from, OffsetDateTime to) {
    }

    public Uni<PetitionViews.SummaryPage> page(DataScope scope, Filter filter, Long cursor, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (scope.role() == Role.DEPARTMENT_STAFF) {
            where.add("dispatch_target_type = 'DEPARTMENT' AND dispatch_target = " + arg(args, scope.department().orElse("-")));
        } else if (!scope.wholeDistrict()) {
            Long[] communities = scope.communities().toArray(Long[]::new);
            // One community (most workers): plain equality lets the planner walk (community_id, id DESC).
            where.add(communities.length == 1 ? "community_id = " + arg(args, communities[0])
                    : "community_id = ANY(" + arg(args, communities) + ")");
        }
        if (scope.role() == Role.GRID_WORKER) {
            where.add("grid_id = ANY(" + arg(args, scope.grids().toArray(Long[]::new)) + ")");
        }
        switch (filter.view() == null ? InboxView.ALL : filter.view()) {
            case UNACCEPTED -> where.add("status = 'SUBMITTED'");
            case MINE -> where.add("handler_id = " + arg(args, scope.accountId()) + " AND status IN ('ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')");
            case OVERDUE -> where.add("overdue_since IS NOT NULL AND status IN ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')");
            case COMPLETED -> where.add("status IN ('RESOLVED', 'VISITED', 'CLOSED')");
            case ALL -> { }
        }
        if (filter.status() != null) {
            where.add("status = " + arg(args, filter.status().name()));
        }
        if (filter.category() != null) {
            where.add("category_code = " + arg(args, filter.category()));
        }
        if (filter.community() != null) {
            where.add("community_id = " + arg(args, filter.community()));
        }
        if (filter.grid() != null) {
            where.add("grid_id = " + arg(args, filter.grid()));
        }
        if (filter.channel() != null) {
            where.add("channel = " + arg(args, filter.channel().name()));
        }
        if (filter.from() != null) {
            where.add("submitted_at >= " + arg(args, filter.from()));
        }
        if (filter.to() != null) {
            where.add("submitted_at < " + arg(args, filter.to()));
        }
        if (cursor != null) {
            where.add("id < " + arg(args, cursor));
        }
        String sql = "SELECT " + PetitionReader.SUMMARY_COLUMNS + " FROM petition"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT " + arg(args, limit + 1);
        return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
            List<PetitionViews.Summary> items = new ArrayList<>();
            for (Row r : rows) {
                items.add(PetitionReader.summary(r));
            }
            boolean more = items.size() > limit;
            List<PetitionViews.Summary> page = more ? items.subList(0, limit) : items;
            return new PetitionViews.SummaryPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
        });
    }

    private static String arg(List<Object> args, Object value) {
        args.add(value);
        return "$" + args.size();
    }
}
