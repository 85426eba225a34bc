package cn.palmcommunity.petition;

import cn.palmcommunity.privacy.Masking;
import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly satisfaction self-check (满意度自查): per community, the ratings given in a month
 * (by when they were given, so every rating lands in exactly one month), and a callback for every
 * dissatisfied one (1-3). Regenerating a month updates its rows: checks are upserted, pending
 * callbacks follow the ratings, callbacks already made are kept as they are.
 */
@ApplicationScoped
public class SatisfactionChecks {

    private final Pool pool;

    public SatisfactionChecks(Pool pool) {
        this.pool = pool;
    }

    /** What one generation wrote. */
    public record Generated(YearMonth month, int communities, long rated, long dissatisfied) {
    }

    /** Writes (or rewrites) the month's checks and callbacks in one transaction. */
    public Uni<Generated> generate(YearMonth month) {
        LocalDate first = month.atDay(1);
        OffsetDateTime from = first.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        OffsetDateTime to = first.plusMonths(1).atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        Tuple args = Tuple.of(first, from, to);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        WITH counted AS (
                            INSERT INTO satisfaction_check AS sc (community_id, month, rated, satisfied, dissatisfied, rate, generated_at)
                            SELECT c.id, $1, count(p.id), count(p.id) FILTER (WHERE p.rating >= 4), count(p.id) FILTER (WHERE p.rating <= 3),
                                   round(count(p.id) FILTER (WHERE p.rating >= 4)::numeric / nullif(count(p.id), 0), 4), now()
                              FROM community c
                              LEFT JOIN petition p ON p.community_id = c.id AND p.rating IS NOT NULL
                                                  AND p.visited_at >= $2 AND p.visited_at < $3
                             GROUP BY c.id
                            ON CONFLICT (community_id, month) DO UPDATE
                               SET rated = EXCLUDED.rated, satisfied = EXCLUDED.satisfied, dissatisfied = EXCLUDED.dissatisfied,
                                   rate = EXCLUDED.rate, generated_at = EXCLUDED.generated_at
                            RETURNING rated, dissatisfied)
                        SELECT count(*) AS communities, coalesce(sum(rated), 0) AS rated, coalesce(sum(dissatisfied), 0) AS dissatisfied
                          FROM counted""").execute(args)
                .call(() -> conn.preparedQuery("""
                        INSERT INTO satisfaction_callback AS cb (petition_id, community_id, month, reporter_id, rating, comment)
                        SELECT p.id, p.community_id, $1, p.reporter_id, p.rating, p.rating_comment
                          FROM petition p
                         WHERE p.rating <= 3 AND p.visited_at >= $2 AND p.visited_at < $3
                        ON CONFLICT (petition_id, month) DO UPDATE
                           SET community_id = EXCLUDED.community_id, reporter_id = EXCLUDED.reporter_id,
                               rating = EXCLUDED.rating, comment = EXCLUDED.comment
                         WHERE cb.called_back_at IS NULL""").execute(args))
                // A rating cleared by a reopen (or raised since) no longer needs a call.
                .call(() -> conn.preparedQuery("""
                        DELETE FROM satisfaction_callback cb
                         WHERE cb.month = $1 AND cb.called_back_at IS NULL
                           AND NOT EXISTS (SELECT 1 FROM petition p
                                            WHERE p.id = cb.petition_id AND p.rating <= 3 AND p.visited_at >= $2 AND p.visited_at < $3)""")
                        .execute(args))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Generated(month, r.getLong("communities").intValue(), r.getLong("rated"), r.getLong("dissatisfied"));
                }));
    }

    /** The month's rows for the communities of the caller's scope ({@code communities} null: the whole district). */
    public Uni<SatisfactionCheckViews.Month> month(YearMonth month, Long[] communities) {
        return pool.preparedQuery("""
                        SELECT sc.community_id, c.name, sc.rated, sc.satisfied, sc.dissatisfied, sc.rate, sc.generated_at,
                               count(cb.id) FILTER (WHERE cb.called_back_at IS NULL) AS pending, count(cb.called_back_at) AS done
                          FROM satisfaction_check sc
                          JOIN community c ON c.id = sc.community_id
                          LEFT JOIN satisfaction_callback cb ON cb.community_id = sc.community_id AND cb.month = sc.month
                         WHERE sc.month = $1 AND ($2::bigint[] IS NULL OR sc.community_id = ANY($2))
                         GROUP BY sc.id, c.name
                         ORDER BY sc.community_id""")
                .execute(Tuple.of(month.atDay(1), communities))
                .map(rows -> {
                    List<SatisfactionCheckViews.Community> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new SatisfactionCheckViews.Community(r.getLong("community_id"), r.getString("name"),
                                r.getInteger("rated"), r.getInteger("satisfied"), r.getInteger("dissatisfied"), r.getDouble("rate"),
                                r.getOffsetDateTime("generated_at"), r.getLong("pending").intValue(), r.getLong("done").intValue()));
                    }
                    return new SatisfactionCheckViews.Month(month.toString(), out);
                });
    }

    private static final String SELECT_CALLBACK = """
            SELECT cb.*, p.category_code, p.anonymous, p.contact_phone, coalesce(a.display_name, p.contact_name) AS reporter_name
              FROM satisfaction_callback cb
              JOIN petition p ON p.id = cb.petition_id
              LEFT JOIN account a ON a.id = cb.reporter_id
            """;

    /** A page of the month's callbacks, oldest first; {@code pending} true: not yet made, false: made. */
    public Uni<SatisfactionCheckViews.CallbackPage> callbacks(YearMonth month, Long[] communities, Boolean pending, Long cursor, int limit) {
        return pool.preparedQuery(SELECT_CALLBACK + """
                         WHERE cb.month = $1 AND ($2::bigint[] IS NULL OR cb.community_id = ANY($2))
                           AND ($3::boolean IS NULL OR (cb.called_back_at IS NULL) = $3)
                           AND ($4::bigint IS NULL OR cb.id > $4)
                         ORDER BY cb.id LIMIT $5""")
                .execute(Tuple.from(new Object[] {month.atDay(1), communities, pending, cursor, limit + 1}))
                .map(rows -> {
                    List<SatisfactionCheckViews.Callback> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(callback(r));
                    }
                    boolean more = items.size() > limit;
                    List<SatisfactionCheckViews.Callback> page = more ? items.subList(0, limit) : items;
                    return new SatisfactionCheckViews.CallbackPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
                });
    }

    /** The community's worker records what came of the call; a callback is made once. */
    public Uni<SatisfactionCheckViews.Callback> markDone(long id, SatisfactionCheckViews.Done done, DataScope scope) {
        long worker = scope.accountId();
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT community_id FROM satisfaction_callback WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Callback", id);
                    }
                    scope.requireCommunity(rows.iterator().next().getLong("community_id"));
                    return conn.preparedQuery("""
                                    UPDATE satisfaction_callback SET called_back_at = now(), called_back_by = $2, outcome = $3
                                     WHERE id = $1 AND called_back_at IS NULL""")
                            .execute(Tuple.of(id, worker, done.outcome().strip()));
                })
                .onItem().transformToUni(updated -> {
                    if (updated.rowCount() == 0) {
                        throw ProblemException.conflict("already-called-back", "Callback " + id + " has been made already");
                    }
                    return one(conn, id);
                }));
    }

    private static Uni<SatisfactionCheckViews.Callback> one(SqlClient conn, long id) {
        return conn.preparedQuery(SELECT_CALLBACK + " WHERE cb.id = $1").execute(Tuple.of(id))
                .map(rows -> callback(rows.iterator().next()));
    }

    private static SatisfactionCheckViews.Callback callback(Row r) {
        boolean anonymous = r.getBoolean("anonymous");
        String phone = r.getString("contact_phone");
        LocalDate month = r.getLocalDate("month");
        return new SatisfactionCheckViews.Callback(r.getLong("id"), r.getLong("petition_id"), r.getLong("community_id"),
                YearMonth.from(month).toString(), r.getString("category_code"), r.getInteger("rating"), r.getString("comment"),
                anonymous ? null : r.getString("reporter_name"), anonymous || phone == null ? null : Masking.phone(phone),
                r.getOffsetDateTime("called_back_at"), r.getLong("called_back_by"), r.getString("outcome"));
    }
}
