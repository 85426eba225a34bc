package cn.palmcommunity.eligibility;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The two statements of every evaluation, for a set of residents given as a SQL condition on their
 * id (an id range for the full sweep, an id list for the incremental one): adding the leads of all
 * policies at once, and closing one policy's leads that no longer hold. Both are single set-based
 * statements: adding leads is an INSERT … SELECT that skips residents already holding a lead for the
 * cycle (and ON CONFLICT covers a concurrent run), so rerunning after a crash adds nothing twice.
 */
final class SweepStatements {

    /** Which residents a statement looks at: a condition on a resident id column with one bound value. */
    record Residents(String condition, Object value) {

        static Residents idRange(long fromInclusive, long toExclusive) {
            return new Residents("%3$s >= %1$s AND %3$s < %2$s", new long[] {fromInclusive, toExclusive});
        }

        static Residents ids(Long[] ids) {
            return new Residents("%3$s = ANY(%1$s::bigint[])", ids);
        }

        /** The condition on {@code r.id}. */
        String bind(RuleCompiler.Params params) {
            return bind(params, "r.id");
        }

        /** The condition on {@code column} (binding its values again). */
        String bind(RuleCompiler.Params params, String column) {
            if (value instanceof long[] range) {
                return condition.formatted(params.add(range[0]), params.add(range[1]), column);
            }
            return condition.formatted(params.add(value), null, column);
        }
    }

    private SweepStatements() {
    }

    /**
     * Inserts the new leads of every policy among {@code residents} in one statement (one pass over
     * the residents, each policy's rule one column of a lateral VALUES list); answers how many were
     * added. The anti-join against existing leads is bounded to the same residents, so it is one
     * index range (or a few probes) whatever the size of the leads table; the residents' current tag
     * codes are read once (one index range, {@code rt.codes}) for every policy's tag conditions; the facts are built only
     * for the rows that are inserted. One statement per chunk also means each resident row is
     * locked for the lead's foreign key once per chunk instead of once per policy.
     */
    static Uni<Integer> addLeads(SqlClient client, List<PolicyRules.InForce> policies, LocalDate day, Residents residents) {
        if (policies.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        RuleCompiler.Params params = new RuleCompiler.Params();
        String sql = addLeadsSql(policies, day, residents, params);
        return client.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> rows.rowCount());
    }

    /** The statement of {@link #addLeads}, its values bound in {@code params}. */
    static String addLeadsSql(List<PolicyRules.InForce> policies, LocalDate day, Residents residents, RuleCompiler.Params params) {
        String which = residents.bind(params);
        String existing = residents.bind(params, "l.resident_id");
        String tagged = residents.bind(params, "t.resident_id");
        List<String> rows = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        for (PolicyRules.InForce policy : policies) {
            String policyId = params.add(policy.policyId()) + "::bigint";
            rows.add("(" + policyId + ", " + params.add(policy.versionId()) + "::bigint, " + params.add(policy.cycleKey(day)) + "::text, ("
                    + RuleCompiler.predicate(policy.rule(), day, params, "rt.codes") + "))");
            facts.add("WHEN " + policyId + " THEN " + RuleCompiler.facts(policy.rule(), day, params));
        }
        return "INSERT INTO eligibility_lead (resident_id, policy_id, policy_version_id, cycle_key, community_id, facts)\n"
                + "SELECT r.id, p.policy_id, p.version_id, p.cycle_key, r.community_id,\n"
                + "       CASE p.policy_id " + String.join("\n            ", facts) + " END\n"
                + "  FROM resident r\n"
                + "  LEFT JOIN (SELECT t.resident_id, array_agg(t.tag_code) AS codes FROM resident_tag t\n"
                + "              WHERE " + tagged + " AND t.until IS NULL GROUP BY t.resident_id) rt ON rt.resident_id = r.id\n"
                + " CROSS JOIN LATERAL (VALUES " + String.join(",\n        ", rows) + ") AS p (policy_id, version_id, cycle_key, holds)\n"
                + " WHERE " + which + " AND r.living_status = 'LIVING' AND p.holds\n"
                + "   AND NOT EXISTS (SELECT 1 FROM eligibility_lead l WHERE " + existing + " AND l.resident_id = r.id\n"
                + "                      AND l.policy_id = p.policy_id AND l.cycle_key = p.cycle_key)\n"
                + "ON CONFLICT (resident_id, policy_id, cycle_key) DO NOTHING";
    }

    /**
     * Closes the open leads (NEW, CONTACTED, APPLIED) of this policy among {@code residents} whose
     * resident died, moved out, or no longer meets the version in force (in the current cycle),
     * with the reason and a history event each. Answers how many were closed.
     */
    static Uni<Integer> closeLeads(SqlClient client, PolicyRules.InForce policy, LocalDate day, Residents residents) {
        RuleCompiler.Params params = new RuleCompiler.Params();
        String sql = closeLeadsSql(policy, day, residents, params);
        return client.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> rows.rowCount());
    }

    /** The statement of {@link #closeLeads}, its values bound in {@code params}. */
    static String closeLeadsSql(PolicyRules.InForce policy, LocalDate day, Residents residents, RuleCompiler.Params params) {
        String policyId = params.add(policy.policyId()) + "::bigint";
        String cycle = params.add(policy.cycleKey(day)) + "::text";
        // The residents bound on both sides of the join, so the open leads are read by their resident ids.
        String which = residents == null ? "true" : residents.bind(params) + " AND " + residents.bind(params, "l.resident_id");
        String predicate = RuleCompiler.predicate(policy.rule(), day, params);
        return "WITH gone AS (\n"
                + "    SELECT l.id, l.status AS from_status,\n"
                + "           CASE r.living_status WHEN 'DECEASED' THEN 'DECEASED' WHEN 'MOVED_OUT' THEN 'MOVED_OUT' ELSE 'NO_LONGER_QUALIFIES' END AS reason\n"
                + "      FROM eligibility_lead l JOIN resident r ON r.id = l.resident_id\n"
                + "     WHERE l.policy_id = " + policyId + " AND l.status IN ('NEW', 'CONTACTED', 'APPLIED') AND " + which + "\n"
                + "       AND (r.living_status <> 'LIVING' OR (l.cycle_key = " + cycle + " AND (" + predicate + ") IS NOT TRUE))\n"
                + "       FOR UPDATE OF l),\n"
                + "closed AS (\n"
                + "    UPDATE eligibility_lead l SET status = 'CLOSED', closed_reason = g.reason, updated_at = now(), version = l.version + 1\n"
                + "      FROM gone g WHERE l.id = g.id RETURNING l.id)\n"
                + "INSERT INTO eligibility_lead_event (lead_id, from_status, to_status, note)\n"
                + "SELECT g.id, g.from_status, 'CLOSED', g.reason FROM gone g JOIN closed c ON c.id = g.id";
    }
}
