package cn.palmcommunity.eligibility;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One lead's explanation, for a worker whose scope covers the lead's community (and grid, for grid
 * workers). The facts are personal data (birth date, tags), so each read is in the audit log.
 */
@ApplicationScoped
public class LeadExplanations {

    private final Pool pool;
    private final PolicyRules rules;
    private final AuditLog auditLog;

    public LeadExplanations(Pool pool, PolicyRules rules, AuditLog auditLog) {
        this.pool = pool;
        this.rules = rules;
        this.auditLog = auditLog;
    }

    public Uni<LeadExplanationView> explain(long leadId, DataScope scope) {
        return pool.preparedQuery("""
                        SELECT l.id, l.resident_id, l.community_id, r.grid_id, p.code, p.name, v.version, v.rule, l.cycle_key,
                               l.status, l.closed_reason, l.found_at, l.facts
                          FROM eligibility_lead l
                          JOIN resident r ON r.id = l.resident_id
                          JOIN policy p ON p.id = l.policy_id
                          JOIN policy_version v ON v.id = l.policy_version_id
                         WHERE l.id = $1""")
                .execute(Tuple.of(leadId))
                .onItem().transformToUni(rows -> {
                    // Outside the caller's scope reads as not found: the lead's existence is itself personal data.
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Lead", leadId);
                    }
                    Row r = rows.iterator().next();
                    if (!scope.covers(r.getLong("community_id")) || !scope.coversGrid(r.getLong("grid_id"))) {
                        throw ProblemException.notFound("Lead", leadId);
                    }
                    LeadExplanationView view = new LeadExplanationView(r.getLong("id"), r.getLong("resident_id"), r.getLong("community_id"),
                            r.getString("code"), r.getString("name"), r.getInteger("version"), rules.tree(r.getValue("rule")),
                            r.getString("cycle_key"), r.getString("status"), r.getString("closed_reason"), r.getOffsetDateTime("found_at"),
                            rules.tree(LeadFacts.expand(r.getValue("facts"))));
                    return auditLog.record(pool, new AuditEntry(scope.accountId(), scope.role().name(), "READ_LEAD_EXPLANATION", "RESIDENT",
                                    view.residentId(), view.communityId(), "eligibility lead " + leadId, null))
                            .replaceWith(view);
                });
    }
}
