package cn.palmcommunity.eligibility;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.privacy.Masking;
import cn.palmcommunity.resident.FieldAccess;
import cn.palmcommunity.resident.FieldAccessPolicy;
import cn.palmcommunity.resident.IdNumberCipher;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's worklist of leads: what a sweep found in their communities, followed up status by
 * status. Every query is cut to the caller's data scope on the server (communities, and grids for
 * grid workers); a lead outside it is "not found". ID numbers are always masked, phones as in the
 * resident lists.
 */
@ApplicationScoped
public class LeadWorklist {

    static final String PURPOSE = "政策找人线索跟进";

    /** The caller, read once from the request-scoped token so it can be used anywhere in a chain. */
    record Caller(long accountId, String role, Long[] communities, Long[] grids, FieldAccess access) {
    }

    /** The worklist filters; null means "any". */
    record Filter(Long policyId, LeadStatus status, Long communityId) {
    }

    private static final String SELECT = """
            SELECT l.id, l.resident_id, r.name, r.id_number_cipher, r.phone, l.community_id, c.name AS community_name, r.grid_id,
                   l.policy_id, p.code AS policy_code, p.name AS policy_name, v.version AS policy_version, l.cycle_key,
                   l.status, l.closed_reason, l.facts, v.worker_reminder, l.found_at, l.updated_at, l.reminded_at, l.version
              FROM eligibility_lead l
              JOIN resident r ON r.id = l.resident_id
              JOIN community c ON c.id = l.community_id
              JOIN policy p ON p.id = l.policy_id
              JOIN policy_version v ON v.id = l.policy_version_id
            """;
    /** $1 communities (null = whole district), $2 grids (null = every grid). */
    private static final String IN_SCOPE = """
             WHERE ($1::bigint[] IS NULL OR l.community_id = ANY($1))
               AND ($2::bigint[] IS NULL OR r.grid_id = ANY($2))
            """;

    private final Pool pool;
    private final FieldAccessPolicy accessPolicy;
    private final IdNumberCipher idNumbers;
    private final AuditLog auditLog;
    private final Clock clock;

    public LeadWorklist(Pool pool, FieldAccessPolicy accessPolicy, IdNumberCipher idNumbers, AuditLog auditLog, Clock clock) {
        this.pool = pool;
        this.accessPolicy = accessPolicy;
        this.idNumbers = idNumbers;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    Uni<Caller> caller(DataScope scope) {
        long account = scope.accountId();
        String role = scope.role().name();
        Long[] communities = scope.communityFilter();
        Long[] grids = scope.level() == Role.ScopeLevel.GRID ? scope.grids().toArray(Long[]::new) : null;
        return accessPolicy.forCaller(scope).map(access -> new Caller(account, role, communities, grids, access));
    }

    /** One page of leads in id order after {@code cursor}. */
    public Uni<LeadWorklistPage> page(DataScope scope, Filter filter, Long cursor, int limit) {
        return caller(scope).onItem().transformToUni(caller -> rows(caller, filter, cursor, limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<LeadView> page = more ? found.subList(0, limit) : found;
            return new LeadWorklistPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
        }));
    }

    Uni<List<LeadView>> rows(Caller caller, Filter filter, Long cursor, int limit) {
        return pool.preparedQuery(SELECT + IN_SCOPE + """
                           AND ($3::bigint IS NULL OR l.policy_id = $3)
                           AND ($4::text IS NULL OR l.status = $4)
                           AND ($5::bigint IS NULL OR l.community_id = $5)
                           AND ($6::bigint IS NULL OR l.id > $6)
                         ORDER BY l.id
                         LIMIT $7""")
                .execute(Tuple.from(new Object[] {caller.communities(), caller.grids(), filter.policyId(),
                    filter.status() == null ? null : filter.status().name(), filter.communityId(), cursor, limit}))
                .map(rows -> {
                    List<LeadView> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(view(row, caller.access()));
                    }
                    return found;
                });
    }

    public Uni<LeadView> one(DataScope scope, long id) {
        return caller(scope).onItem().transformToUni(caller -> one(pool, caller, id));
    }

    private Uni<LeadView> one(SqlClient client, Caller caller, long id) {
        return client.preparedQuery(SELECT + IN_SCOPE + " AND l.id = $3")
                .execute(Tuple.of(caller.communities(), caller.grids(), id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Lead", id);
                    }
                    return view(rows.iterator().next(), caller.access());
                });
    }

    /**
     * Moves a lead on. The row is locked, then checked: in scope (else 404), still at the version
     * the worker saw (else 409: someone else changed it), and the move allowed from its status
     * (else 409). The change, its history event and the audit record commit together.
     */
    public Uni<LeadView> changeStatus(DataScope scope, long id, LeadStatusChange change, String clientIp) {
        LeadStatus target = validate(change);
        int seen = change.version();
        String note = change.note() == null || change.note().isBlank() ? null : change.note().strip();
        return caller(scope).onItem().transformToUni(caller -> pool.withTransaction(conn -> conn.preparedQuery("""
                                SELECT l.status, l.version, l.community_id FROM eligibility_lead l JOIN resident r ON r.id = l.resident_id
                                """ + IN_SCOPE + " AND l.id = $3 FOR UPDATE OF l")
                        .execute(Tuple.of(caller.communities(), caller.grids(), id))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("Lead", id);
                            }
                            Row lead = rows.iterator().next();
                            LeadStatus from = LeadStatus.valueOf(lead.getString("status"));
                            int version = lead.getInteger("version");
                            if (version != seen) {
                                throw ProblemException.conflict("stale-version", "Lead " + id + " was changed by someone else since version "
                                        + seen + " (it is at version " + version + ", " + from + "); reload it and try again");
                            }
                            if (!from.next().contains(target)) {
                                throw ProblemException.conflict("illegal-transition", "Lead " + id + " is " + from + " and cannot become "
                                        + target + (from.next().isEmpty() ? " (it is final)" : "; it can become " + from.next()));
                            }
                            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                            long community = lead.getLong("community_id");
                            return conn.preparedQuery("""
                                            WITH moved AS (
                                                UPDATE eligibility_lead SET status = $2, version = version + 1, updated_at = $4
                                                 WHERE id = $1 AND version = $3
                                                RETURNING id)
                                            INSERT INTO eligibility_lead_event (lead_id, from_status, to_status, note, actor_id, at)
                                            SELECT id, $5, $2, $6, $7, $4 FROM moved""")
                                    .execute(Tuple.from(new Object[] {id, target.name(), seen, now, from.name(), note, caller.accountId()}))
                                    .onItem().transformToUni(ignored -> auditLog.record(conn, new AuditEntry(caller.accountId(), caller.role(),
                                            "LEAD_" + target.name(), "ELIGIBILITY_LEAD", id, community, PURPOSE, clientIp)))
                                    .onItem().transformToUni(ignored -> one(conn, caller, id));
                        })));
    }

    private static LeadStatus validate(LeadStatusChange change) {
        if (change == null || change.status() == null || change.status().isBlank()) {
            throw ProblemException.invalidField("status", "required");
        }
        LeadStatus target;
        try {
            target = LeadStatus.valueOf(change.status().strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of CONTACTED, APPLIED, GRANTED, DECLINED, NOT_ELIGIBLE");
        }
        if (target == LeadStatus.NEW || target == LeadStatus.CLOSED) {
            throw ProblemException.invalidField("status", target + " is set by the system, not by a worker");
        }
        if (change.version() == null || change.version() < 0) {
            throw ProblemException.invalidField("version", "required: the lead's version as you saw it");
        }
        if (change.note() != null && change.note().strip().length() > 1000) {
            throw ProblemException.invalidField("note", "at most 1000 characters");
        }
        if (target.needsNote() && (change.note() == null || change.note().isBlank())) {
            throw ProblemException.invalidField("note", "say why the lead is " + target);
        }
        return target;
    }

    /** The lead's status changes, oldest first. */
    public Uni<List<LeadStatusEvent>> history(DataScope scope, long id) {
        return caller(scope).onItem().transformToUni(caller -> one(pool, caller, id)).onItem().transformToUni(lead -> pool.preparedQuery("""
                        SELECT e.id, e.from_status, e.to_status, e.note, e.actor_id, a.display_name, e.at
                          FROM eligibility_lead_event e LEFT JOIN account a ON a.id = e.actor_id
                         WHERE e.lead_id = $1 ORDER BY e.id""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<LeadStatusEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        events.add(new LeadStatusEvent(r.getLong("id"), r.getString("from_status"), r.getString("to_status"), r.getString("note"),
                                r.getLong("actor_id"), r.getString("display_name"), r.getOffsetDateTime("at")));
                    }
                    return events;
                }));
    }

    /** Leads per policy and community by status, within the caller's scope. */
    public Uni<LeadCounts> counts(DataScope scope, Long policyId, Long communityId) {
        return caller(scope).onItem().transformToUni(caller -> pool.preparedQuery("""
                        SELECT l.policy_id, p.code, p.name AS policy_name, l.community_id, c.name AS community_name, l.status, count(*) AS n
                          FROM eligibility_lead l
                          JOIN policy p ON p.id = l.policy_id
                          JOIN community c ON c.id = l.community_id
                         WHERE ($1::bigint[] IS NULL OR l.community_id = ANY($1))
                           AND ($2::bigint[] IS NULL OR EXISTS (SELECT 1 FROM resident r WHERE r.id = l.resident_id AND r.grid_id = ANY($2)))
                           AND ($3::bigint IS NULL OR l.policy_id = $3)
                           AND ($4::bigint IS NULL OR l.community_id = $4)
                         GROUP BY l.policy_id, p.code, p.name, l.community_id, c.name, l.status
                         ORDER BY l.policy_id, l.community_id""")
                .execute(Tuple.of(caller.communities(), caller.grids(), policyId, communityId))
                .map(rows -> {
                    Map<List<Long>, Row> first = new LinkedHashMap<>();
                    Map<List<Long>, Map<String, Long>> byStatus = new LinkedHashMap<>();
                    for (Row r : rows) {
                        List<Long> key = List.of(r.getLong("policy_id"), r.getLong("community_id"));
                        first.putIfAbsent(key, r);
                        byStatus.computeIfAbsent(key, k -> zeros()).put(r.getString("status"), r.getLong("n"));
                    }
                    List<LeadCounts.Row> out = new ArrayList<>();
                    first.forEach((key, r) -> {
                        Map<String, Long> statuses = byStatus.get(key);
                        long total = statuses.values().stream().mapToLong(Long::longValue).sum();
                        out.add(new LeadCounts.Row(key.get(0), r.getString("code"), r.getString("policy_name"), key.get(1),
                                r.getString("community_name"), total, statuses,
                                total == 0 ? 0 : (double) statuses.get(LeadStatus.GRANTED.name()) / total));
                    });
                    return new LeadCounts(out);
                }));
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (LeadStatus s : LeadStatus.values()) {
            statuses.put(s.name(), 0L);
        }
        return statuses;
    }

    LeadView view(Row row, FieldAccess access) {
        String phone = row.getString("phone");
        String shownPhone = !access.phone() ? null : access.fullPhone() ? phone : Masking.phone(phone);
        return new LeadView(row.getLong("id"), row.getLong("resident_id"), row.getString("name"),
                idNumbers.masked(row.getBuffer("id_number_cipher").getBytes()), shownPhone, row.getLong("community_id"),
                row.getString("community_name"), row.getLong("grid_id"), row.getLong("policy_id"), row.getString("policy_code"),
                row.getString("policy_name"), row.getInteger("policy_version"), row.getString("cycle_key"),
                LeadStatus.valueOf(row.getString("status")), row.getString("closed_reason"), facts(row.getValue("facts")),
                row.getString("worker_reminder"), row.getOffsetDateTime("found_at"), row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("reminded_at"), row.getInteger("version"));
    }

    private static Map<String, Object> facts(Object value) {
        if (value instanceof JsonObject object) {
            return LeadFacts.expand(object).getMap();
        }
        if (value instanceof JsonArray array) {
            return Map.of("facts", array.getList());
        }
        return value == null ? Map.of() : Map.of("value", value);
    }
}
