package cn.palmcommunity.eligibility;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;

/**
 * The two statements every evaluation runs per policy, for a set of residents given as a SQL
 * condition on {@code r} (an id range for the full sweep, an id list for the incremental one).
 * Both are single set-based statements: adding leads is an INSERT … SELECT that skips residents
 * already holding a lead for the cycle (and ON CONFLICT covers a concurrent run), so rerunning
 * after a crash adds nothing twice.
 */
final class SweepStatements {

    /** Which residents a statement looks at: a condition on {@code r} with one bound value. */
    record Residents(String condition, Object value) {

        static Residents idRange(long fromInclusive, long toExclusive) {
            return new Residents("r.id >= %1$s AND r.id < %2$s", new long[] {fromInclusive, toExclusive});
        }

        static Residents ids(Long[] ids) {
            return new Residents("r.id = ANY(%1$s::bigint[])", ids);
        }

        String bind(RuleCompiler.Params params) {
            if (value instanceof long[] range) {
                return condition.formatted(params.add(range[0]), params.add(range[1]));
            }
            return condition.formatted(params.add(value));
        }
    }

    private SweepStatements() {
    }

    /** Inserts the new leads among {@code residents}; answers how many were added. */
    static Uni<Integer> addLeads(SqlClient client, PolicyRules.InForce policy, LocalDate day, Residents residents) {
        RuleCompiler.Params params = new RuleCompiler.Params();
        String policyId = params.add(policy.policyId()) + "::bigint";
        String versionId = params.add(policy.versionId()) + "::bigint";
        String cycle = params.add(policy.cycleKey(day)) + "::text";
        String which = residents.bind(params);
        String predicate = RuleCompiler.predicate(policy.rule(), day, params);
        String facts = RuleCompiler.facts(policy.rule(), day, params);
        String sql = "INSERT INTO eligibility_lead (resident_id, policy_id, policy_version_id, cycle_key, community_id, facts)\n"
                + "SELECT r.id, " + policyId + ", " + versionId + ", " + cycle + ", r.community_id, " + facts + "\n"
                + "  FROM resident r\n"
                + " WHERE " + which + " AND r.living_status = 'LIVING'\n"
                + "   AND (" + predicate + ")\n"
                + "   AND NOT EXISTS (SELECT 1 FROM eligibility_lead l WHERE l.resident_id = r.id AND l.policy_id = " + policyId
                + " AND l.cycle_key = " + cycle + ")\n"
                + "ON CONFLICT (resident_id, policy_id, cycle_key) DO NOTHING";
        return client.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> rows.rowCount());
    }

    /**
     * Closes the open leads (NEW, CONTACTED, APPLIED) of this policy among {@code residents} whose
     * resident died, moved out, or no longer meets the version in force (in the current cycle),
     * with the reason and a history event each. Answers how many were closed.
     */
    static Uni<Integer> closeLeads(SqlClient client, PolicyRules.InForce policy, LocalDate day, Residents residents) {
        RuleCompiler.Params params = new RuleCompiler.Params();
        String policyId = params.add(policy.policyId()) + "::bigint";
        String cycle = params.add(policy.cycleKey(day)) + "::text";
        String which = residents == null ? "true" : residents.bind(params);
        String predicate = RuleCompiler.predicate(policy.rule(), day, params);
        String sql = "WITH gone AS (\n"
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
        return client.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> rows.rowCount());
    }
}
