package cn.palmcommunity.eligibility;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a new rule version goes live: who would newly qualify and who would be dropped, per
 * community, compared with the version in force. One pass over the living residents in the
 * caller's scope, both rules evaluated per row; nothing is written.
 */
@ApplicationScoped
public class DryRuns {

    private final Pool pool;
    private final PolicyRules rules;

    public DryRuns(Pool pool, PolicyRules rules) {
        this.pool = pool;
        this.rules = rules;
    }

    public Uni<DryRunView> run(long policyId, DryRunRequest request, DataScope scope) {
        if (request == null) {
            throw ProblemException.invalidField("body", "is required");
        }
        LocalDate day = request.on() == null ? rules.today() : request.on();
        if (day.getYear() < 2000 || day.getYear() > 2100) {
            throw ProblemException.invalidField("on", "must be a day between 2000 and 2100");
        }
        Long[] communities = scope.communityFilter();
        return pool.withConnection(conn -> rules.knownTags(conn).onItem().transformToUni(tags -> {
            RuleNode candidate = RuleValidator.validate(request.rule(), "rule", tags);
            return conn.preparedQuery("""
                            SELECT p.id, v.version, v.rule FROM policy p
                              LEFT JOIN policy_version v ON v.policy_id = p.id AND v.effective_from <= $2
                                    AND (v.effective_to IS NULL OR v.effective_to > $2)
                             WHERE p.id = $1""")
                    .execute(Tuple.of(policyId, day))
                    .onItem().transformToUni(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.notFound("Policy", policyId);
                        }
                        Row policy = rows.iterator().next();
                        Integer version = policy.getInteger("version");
                        RuleCompiler.Params params = new RuleCompiler.Params();
                        String scopeParam = params.add(communities) + "::bigint[]";
                        String candidateSql = RuleCompiler.predicate(candidate, day, params);
                        String currentSql = "false";
                        if (version != null) {
                            // The stored rule was validated when written; a tag retired since makes it match no one here.
                            try {
                                currentSql = RuleCompiler.predicate(RuleValidator.validate(rules.tree(policy.getValue("rule")), "rule", tags), day, params);
                            } catch (ProblemException e) {
                                currentSql = "false";
                            }
                        }
                        String sql = "SELECT x.community_id, c.name, count(*) FILTER (WHERE x.cur) AS current_count,\n"
                                + "       count(*) FILTER (WHERE x.cand) AS candidate_count,\n"
                                + "       count(*) FILTER (WHERE x.cand AND NOT x.cur) AS newly_included,\n"
                                + "       count(*) FILTER (WHERE x.cur AND NOT x.cand) AS dropped\n"
                                + "  FROM (SELECT r.community_id, coalesce((" + currentSql + "), false) AS cur,\n"
                                + "               coalesce((" + candidateSql + "), false) AS cand\n"
                                + "          FROM resident r\n"
                                + "         WHERE r.living_status = 'LIVING' AND (" + scopeParam + " IS NULL OR r.community_id = ANY(" + scopeParam + "))) x\n"
                                + "  JOIN community c ON c.id = x.community_id\n"
                                + " WHERE x.cur OR x.cand\n"
                                + " GROUP BY x.community_id, c.name ORDER BY x.community_id";
                        return conn.preparedQuery(sql).execute(Tuple.from(params.values()))
                                .map(result -> {
                                    List<DryRunView.Community> list = new ArrayList<>();
                                    long cur = 0;
                                    long cand = 0;
                                    long added = 0;
                                    long dropped = 0;
                                    for (Row r : result) {
                                        DryRunView.Community c = new DryRunView.Community(r.getLong(0), r.getString(1), r.getLong(2),
                                                r.getLong(3), r.getLong(4), r.getLong(5));
                                        list.add(c);
                                        cur += c.currentCount();
                                        cand += c.candidateCount();
                                        added += c.newlyIncluded();
                                        dropped += c.dropped();
                                    }
                                    return new DryRunView(policyId, version, day, list,
                                            new DryRunView.Community(null, null, cur, cand, added, dropped));
                                });
                    });
        }));
    }
}
