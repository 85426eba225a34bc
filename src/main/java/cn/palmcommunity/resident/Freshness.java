package cn.palmcommunity.resident;

import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-maintenance rule: every living resident's record is confirmed (a visit, a feed record, a
 * resolved discrepancy) at least once a year. Per community: how old its records are, which are
 * overdue, and the daily check that writes each community's figures and tells its workers.
 */
@ApplicationScoped
public class Freshness {

    private static final String PER_COMMUNITY = """
            SELECT r.community_id, c.name, count(*) AS residents,
                   count(*) FILTER (WHERE r.confirmed_at < $2) AS stale,
                   round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM $1 - r.confirmed_at)) / 86400)::int AS median_days,
                   min(r.confirmed_at) AS oldest
              FROM resident r JOIN community c ON c.id = r.community_id
             WHERE r.living_status = 'LIVING' AND ($3::bigint[] IS NULL OR r.community_id = ANY($3))
             GROUP BY r.community_id, c.name""";

    private final Pool pool;
    private final Clock clock;

    public Freshness(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<List<FreshnessView>> communities(DataScope scope) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return pool.preparedQuery(PER_COMMUNITY + " ORDER BY stale DESC, r.community_id")
                .execute(Tuple.of(now, now.minusYears(1), scope.communityFilter()))
                .map(rows -> {
                    List<FreshnessView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new FreshnessView(r.getLong(0), r.getString(1), r.getLong(2), r.getLong(3), r.getInteger(4),
                                r.getOffsetDateTime(5)));
                    }
                    return out;
                });
    }

    /** Living residents of one community not confirmed for over a year, oldest confirmation first. */
    public Uni<List<StaleRecordView>> stale(long communityId, DataScope scope, int limit, int offset) {
        scope.requireCommunity(communityId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Long[] grids = scope.level() == cn.palmcommunity.security.Role.ScopeLevel.GRID ? scope.grids().toArray(Long[]::new) : null;
        return pool.preparedQuery("""
                        SELECT id, name, community_id, grid_id, address, confirmed_at,
                               (extract(epoch FROM $3 - confirmed_at) / 86400)::int AS age_days
                          FROM resident
                         WHERE community_id = $1 AND living_status = 'LIVING' AND confirmed_at < $2
                           AND ($4::bigint[] IS NULL OR grid_id = ANY($4))
                         ORDER BY confirmed_at, id LIMIT $5 OFFSET $6""")
                .execute(Tuple.from(new Object[] {communityId, now.minusYears(1), now, grids, limit, offset}))
                .map(rows -> {
                    List<StaleRecordView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StaleRecordView(r.getLong("id"), r.getString("name"), r.getLong("community_id"), r.getLong("grid_id"),
                                r.getString("address"), r.getOffsetDateTime("confirmed_at"), r.getInteger("age_days")));
                    }
                    return out;
                });
    }

    public Uni<List<FreshnessCheckView>> checks(DataScope scope, LocalDate day) {
        return pool.preparedQuery("""
                        SELECT community_id, checked_on, residents, stale, median_age_days, oldest_confirmed_at FROM community_freshness
                         WHERE checked_on = coalesce($1, (SELECT max(checked_on) FROM community_freshness))
                           AND ($2::bigint[] IS NULL OR community_id = ANY($2))
                         ORDER BY stale DESC, community_id""")
                .execute(Tuple.of(day, scope.communityFilter()))
                .map(rows -> {
                    List<FreshnessCheckView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new FreshnessCheckView(r.getLong(0), r.getLocalDate(1), r.getInteger(2), r.getInteger(3), r.getInteger(4),
                                r.getOffsetDateTime(5)));
                    }
                    return out;
                });
    }

    /** What one run of the job did. */
    public record Checked(LocalDate day, int communities, long stale, int notified) {
        @Override
        public String toString() {
            return day + ": " + communities + " communities, " + stale + " records not confirmed for over a year, " + notified
                    + " workers notified";
        }
    }

    /**
     * Writes every community's figures for the day and an in-app notice to each community worker of
     * a community with overdue records (once per worker and day). Running it again the same day
     * rewrites the same rows and notifies no one twice.
     */
    public Uni<Checked> check() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate day = now.atZoneSameInstant(ResidentService.CHINA).toLocalDate();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                INSERT INTO community_freshness (community_id, checked_on, residents, stale, median_age_days, oldest_confirmed_at)
                                SELECT f.community_id, $4, f.residents, f.stale, f.median_days, f.oldest FROM (""" + PER_COMMUNITY + """
                                ) f
                                ON CONFLICT (community_id, checked_on) DO UPDATE
                                   SET residents = EXCLUDED.residents, stale = EXCLUDED.stale, median_age_days = EXCLUDED.median_age_days,
                                       oldest_confirmed_at = EXCLUDED.oldest_confirmed_at
                                RETURNING stale""")
                        .execute(Tuple.from(new Object[] {now, now.minusYears(1), null, day}))
                        .chain(rows -> {
                            int communities = rows.size();
                            long stale = 0;
                            for (Row r : rows) {
                                stale += r.getInteger(0);
                            }
                            long total = stale;
                            return conn.preparedQuery("""
                                            INSERT INTO notification (account_id, kind, title, body, link, data, dedupe_key, created_at)
                                            SELECT a.id, 'DATA_FRESHNESS', f.stale || ' 条居民信息超过一年未核实',
                                                   '请走访核实并更新（数据维护规则）', 'pages/residents/freshness?community=' || f.community_id,
                                                   jsonb_build_object('communityId', f.community_id, 'stale', f.stale, 'day', $3::text),
                                                   'freshness:' || f.community_id || ':' || $3::text || ':' || a.id, $2
                                              FROM community_freshness f
                                              JOIN account a ON a.community_id = f.community_id AND a.role = 'COMMUNITY_WORKER' AND a.enabled
                                             WHERE f.checked_on = $1 AND f.stale > 0
                                            ON CONFLICT (dedupe_key) DO NOTHING""")
                                    .execute(Tuple.of(day, now, day.toString()))
                                    .map(notified -> new Checked(day, communities, total, notified.rowCount()));
                        }));
    }
}
