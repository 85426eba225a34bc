package cn.palmcommunity.eligibility;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * "My benefit reminders" (我的待遇提醒): the leads of the resident record linked to the caller's
 * account, read through {@code account.resident_id} so nobody reaches another resident's leads.
 * Leads the system closed (the resident moved away, or stopped qualifying) are left out: they are
 * no longer something the resident can act on.
 */
@ApplicationScoped
public class ResidentBenefits {

    private final Pool pool;

    public ResidentBenefits(Pool pool) {
        this.pool = pool;
    }

    public Uni<MyBenefits> of(long accountId) {
        return pool.preparedQuery("""
                        SELECT a.resident_id, l.id, p.code, p.name, p.description, p.benefit, p.administered_by, v.resident_reminder,
                               l.cycle_key, l.status, c.name AS community_name, l.found_at, l.updated_at
                          FROM account a
                          LEFT JOIN eligibility_lead l ON l.resident_id = a.resident_id AND l.status <> 'CLOSED'
                          LEFT JOIN policy p ON p.id = l.policy_id
                          LEFT JOIN policy_version v ON v.id = l.policy_version_id
                          LEFT JOIN community c ON c.id = l.community_id
                         WHERE a.id = $1 AND a.role = 'RESIDENT'
                         ORDER BY l.status IN ('NEW', 'CONTACTED', 'APPLIED') DESC, l.found_at DESC, l.id DESC""")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    boolean linked = false;
                    List<MyBenefitView> items = new ArrayList<>();
                    for (Row r : rows) {
                        linked = r.getLong("resident_id") != null;
                        if (r.getLong("id") == null) {
                            continue;
                        }
                        items.add(new MyBenefitView(r.getLong("id"), r.getString("code"), r.getString("name"), r.getString("description"),
                                r.getString("benefit"), r.getString("administered_by"), r.getString("resident_reminder"),
                                r.getString("cycle_key"), LeadStatus.valueOf(r.getString("status")), r.getString("community_name"),
                                r.getOffsetDateTime("found_at"), r.getOffsetDateTime("updated_at")));
                    }
                    return new MyBenefits(linked, List.copyOf(items));
                });
    }
}
