package cn.palmcommunity.petition;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 响应率, 解决率 and 满意率 over the cohort of petitions submitted in a period: one aggregate over the
 * period's submissions of the unit's communities (the (community_id, submitted_at) index), or one
 * GROUP BY for a row per community.
 */
@ApplicationScoped
public class PetitionRates {

    public enum Level { COMMUNITY, STREET, DISTRICT }

    /** China days [from, to). */
    public record Period(LocalDate from, LocalDate to) {

        /** From query parameters, each defaulting on its own; {@code to} must come after {@code from}. */
        static Period of(String fromRaw, String toRaw, LocalDate defaultFrom, LocalDate defaultTo) {
            LocalDate from = QueryParams.optionalDate("from", fromRaw);
            LocalDate to = QueryParams.optionalDate("to", toRaw);
            Period period = new Period(from == null ? defaultFrom : from, to == null ? defaultTo : to);
            if (!period.to().isAfter(period.from())) {
                throw QueryParams.wrongType("to", "must be after from (" + period.from() + ")");
            }
            return period;
        }

        OffsetDateTime start() {
            return from.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        }

        OffsetDateTime end() {
            return to.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        }
    }

    private static final String MEASURES = """
            count(p.id) AS submitted,
            count(p.id) FILTER (WHERE p.accepted_at <= p.accept_due_at) AS accepted_in_time,
            count(p.id) FILTER (WHERE p.status IN ('RESOLVED', 'VISITED', 'CLOSED') AND p.reopen_count = 0) AS resolved,
            count(p.rating) AS rated,
            count(p.id) FILTER (WHERE p.rating >= 4) AS satisfied""";

    private final Pool pool;

    public PetitionRates(Pool pool) {
        this.pool = pool;
    }

    /** The unit's name and communities, once the caller's scope covers it. */
    private record Unit(Level level, long id, String name, Long[] communities) {
    }

    public Uni<PetitionRatesView> rates(DataScope scope, Level level, Long id, Period period) {
        return unit(scope, level, id).onItem().transformToUni(unit -> {
            boolean one = unit.communities().length == 1;
            return pool.preparedQuery("SELECT " + MEASURES + " FROM petition p WHERE "
                            + (one ? "p.community_id = $1" : "p.community_id = ANY($1)")
                            + " AND p.submitted_at >= $2 AND p.submitted_at < $3 AND p.status <> 'MERGED'")
                    .execute(Tuple.of(one ? unit.communities()[0] : unit.communities(), period.start(), period.end()))
                    .map(rows -> view(rows.iterator().next(), unit.level(), unit.id(), unit.name(), period));
        });
    }

    /** A row per community of the caller's scope, communities without petitions included. */
    public Uni<List<PetitionRatesView>> byCommunity(DataScope scope, Period period) {
        List<Object> args = new ArrayList<>(List.of(period.start(), period.end()));
        String where;
        if (scope.wholeDistrict()) {
            args.add(scope.districtId());
            where = "c.street_id IN (SELECT id FROM street WHERE district_id = $3)";
        } else {
            args.add(scope.communityFilter());
            where = "c.id = ANY($3)";
        }
        return pool.preparedQuery("SELECT c.id, c.name, " + MEASURES + """
                         FROM community c
                         LEFT JOIN petition p ON p.community_id = c.id AND p.submitted_at >= $1 AND p.submitted_at < $2
                                             AND p.status <> 'MERGED'
                        WHERE\s""" + where + " GROUP BY c.id, c.name ORDER BY c.id")
                .execute(Tuple.from(args))
                .map(rows -> {
                    List<PetitionRatesView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(view(r, Level.COMMUNITY, r.getLong("id"), r.getString("name"), period));
                    }
                    return out;
                });
    }

    private Uni<Unit> unit(DataScope scope, Level level, Long id) {
        switch (level) {
            case COMMUNITY -> {
                if (id == null) {
                    throw QueryParams.wrongType("id", "is required for a community");
                }
                scope.requireCommunity(id);
                return pool.preparedQuery("SELECT name FROM community WHERE id = $1").execute(Tuple.of(id))
                        .map(rows -> new Unit(level, id, single(rows, "Community", id).getString("name"), new Long[] {id}));
            }
            case STREET -> {
                if (id == null) {
                    throw QueryParams.wrongType("id", "is required for a street");
                }
                return pool.preparedQuery("""
                                SELECT s.name, array_agg(c.id ORDER BY c.id) FILTER (WHERE c.id IS NOT NULL) AS communities
                                  FROM street s LEFT JOIN community c ON c.street_id = s.id WHERE s.id = $1 GROUP BY s.name""")
                        .execute(Tuple.of(id))
                        .map(rows -> {
                            Row r = single(rows, "Street", id);
                            Long[] communities = r.getArrayOfLongs("communities") == null ? new Long[0] : r.getArrayOfLongs("communities");
                            // A street's figures speak for all its communities: only those who see them all may ask.
                            if (!scope.wholeDistrict() && !scope.communities().containsAll(Arrays.asList(communities))) {
                                throw ProblemException.forbidden("Street " + id + " is outside your data scope");
                            }
                            return new Unit(level, id, r.getString("name"), communities);
                        });
            }
            default -> {
                if (!scope.wholeDistrict() || (id != null && !id.equals(scope.districtId()))) {
                    throw ProblemException.forbidden("The district's figures are for district staff");
                }
                long district = id != null ? id : scope.districtId();
                return pool.preparedQuery("""
                                SELECT d.name, array_agg(c.id ORDER BY c.id) FILTER (WHERE c.id IS NOT NULL) AS communities
                                  FROM district d LEFT JOIN street s ON s.district_id = d.id LEFT JOIN community c ON c.street_id = s.id
                                 WHERE d.id = $1 GROUP BY d.name""")
                        .execute(Tuple.of(district))
                        .map(rows -> {
                            Row r = single(rows, "District", district);
                            Long[] communities = r.getArrayOfLongs("communities");
                            return new Unit(level, district, r.getString("name"), communities == null ? new Long[0] : communities);
                        });
            }
        }
    }

    private static Row single(RowSet<Row> rows, String what, long id) {
        if (rows.size() == 0) {
            throw ProblemException.notFound(what, id);
        }
        return rows.iterator().next();
    }

    private static PetitionRatesView view(Row r, Level level, long id, String name, Period period) {
        long submitted = r.getLong("submitted");
        long acceptedInTime = r.getLong("accepted_in_time");
        long resolved = r.getLong("resolved");
        long rated = r.getLong("rated");
        long satisfied = r.getLong("satisfied");
        return new PetitionRatesView(level.name(), id, name, period.from(), period.to(), submitted, acceptedInTime,
                PetitionRatesView.rate(acceptedInTime, submitted), resolved, PetitionRatesView.rate(resolved, submitted),
                rated, satisfied, PetitionRatesView.rate(satisfied, rated));
    }
}
