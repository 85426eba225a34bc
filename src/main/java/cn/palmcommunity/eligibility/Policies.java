package cn.palmcommunity.eligibility;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Policies as data: district staff create a policy and add versions of its rule without a code
 * change. A version's rule is validated (and compiled once, as a sweep would) before it is stored;
 * versions of one policy never overlap in time.
 */
@ApplicationScoped
public class Policies {

    private static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,39}$");
    private static final Set<String> CYCLES = Set.of("ONCE", "YEARLY", "MONTHLY");

    private final Pool pool;
    private final PolicyRules rules;

    public Policies(Pool pool, PolicyRules rules) {
        this.pool = pool;
        this.rules = rules;
    }

    public Uni<List<PolicyView>> list() {
        return pool.withConnection(conn -> read(conn, null));
    }

    public Uni<PolicyView> get(long id) {
        return pool.withConnection(conn -> one(conn, id));
    }

    public Uni<PolicyView> create(PolicyRequest request, DataScope scope) {
        if (request == null) {
            throw ProblemException.invalidField("body", "is required");
        }
        String code = request.code();
        if (code == null || !CODE.matcher(code).matches()) {
            throw ProblemException.invalidField("code", "must be 2-40 upper-case letters, digits or _, starting with a letter");
        }
        text("name", request.name(), 100, true);
        text("description", request.description(), 2000, false);
        text("benefit", request.benefit(), 500, true);
        text("administeredBy", request.administeredBy(), 100, true);
        if (request.cycle() == null || !CYCLES.contains(request.cycle())) {
            throw ProblemException.invalidField("cycle", "must be one of ONCE, YEARLY, MONTHLY");
        }
        long actor = scope.accountId();
        return rules.knownTags(pool).onItem().transformToUni(tags -> {
            RuleNode first = request.firstVersion() == null ? null : checkVersion(request.firstVersion(), "firstVersion/", tags);
            return pool.withTransaction(conn -> conn.preparedQuery("""
                            INSERT INTO policy (code, name, description, benefit, administered_by, cycle, created_by)
                            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING id""")
                    .execute(Tuple.from(java.util.Arrays.asList(code, request.name().strip(), orNull(request.description()), request.benefit().strip(),
                            request.administeredBy().strip(), request.cycle(), actor)))
                    .onItem().transformToUni(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.conflict("duplicate-policy-code", "A policy with code " + code + " exists already");
                        }
                        long id = rows.iterator().next().getLong(0);
                        Uni<Void> version = first == null ? Uni.createFrom().voidItem()
                                : insertVersion(conn, id, request.firstVersion(), actor, "firstVersion/").replaceWithVoid();
                        return version.onItem().transformToUni(v -> one(conn, id));
                    }));
        });
    }

    public Uni<PolicyVersionView> addVersion(long policyId, PolicyVersionRequest request, DataScope scope) {
        if (request == null) {
            throw ProblemException.invalidField("body", "is required");
        }
        long actor = scope.accountId();
        return rules.knownTags(pool).onItem().transformToUni(tags -> {
            checkVersion(request, "", tags);
            return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM policy WHERE id = $1 FOR UPDATE")
                    .execute(Tuple.of(policyId))
                    .onItem().transformToUni(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.notFound("Policy", policyId);
                        }
                        return insertVersion(conn, policyId, request, actor, "");
                    }));
        });
    }

    /** Validates a version request; answers its rule. Fields are named relative to {@code prefix} (JSON pointer style). */
    RuleNode checkVersion(PolicyVersionRequest v, String prefix, Set<String> tags) {
        RuleNode rule = RuleValidator.validate(v.rule(), prefix + "rule", tags);
        // Compiling once here means a stored rule can never fail the sweep's SQL generation.
        RuleCompiler.predicate(rule, LocalDate.of(2026, 1, 1), new RuleCompiler.Params());
        if (v.effectiveFrom() == null) {
            throw ProblemException.invalidField(prefix + "effectiveFrom", "is required");
        }
        if (v.effectiveFrom().getYear() < 2000 || v.effectiveFrom().getYear() > 2100) {
            throw ProblemException.invalidField(prefix + "effectiveFrom", "must be a day between 2000 and 2100");
        }
        if (v.effectiveTo() != null && !v.effectiveTo().isAfter(v.effectiveFrom())) {
            throw ProblemException.invalidField(prefix + "effectiveTo", "must be after effectiveFrom (it is the first day no longer in force)");
        }
        text(prefix + "residentReminder", v.residentReminder(), 500, true);
        text(prefix + "workerReminder", v.workerReminder(), 500, true);
        return rule;
    }

    /**
     * Inserts the next version. A new open-ended version that starts after the open-ended version
     * in force ends that one on its first day (the usual "from next year the rule is …"); any
     * other overlap is refused, naming the version it overlaps.
     */
    private Uni<PolicyVersionView> insertVersion(SqlConnection conn, long policyId, PolicyVersionRequest v, long actor, String prefix) {
        return conn.preparedQuery("""
                        SELECT version, effective_from, effective_to FROM policy_version
                         WHERE policy_id = $1 AND daterange(effective_from, effective_to, '[)') && daterange($2, $3, '[)')
                         ORDER BY version""")
                .execute(Tuple.of(policyId, v.effectiveFrom(), v.effectiveTo()))
                .onItem().transformToUni(rows -> {
                    Uni<Void> before = Uni.createFrom().voidItem();
                    for (Row r : rows) {
                        LocalDate from = r.getLocalDate("effective_from");
                        boolean supersedable = rows.size() == 1 && r.getLocalDate("effective_to") == null && v.effectiveTo() == null
                                && from.isBefore(v.effectiveFrom());
                        if (!supersedable) {
                            LocalDate to = r.getLocalDate("effective_to");
                            throw ProblemException.invalidField(prefix + "effectiveFrom", "overlaps version " + r.getInteger("version")
                                    + " (in force from " + from + (to == null ? ", open-ended" : " until " + to) + ")");
                        }
                        before = conn.preparedQuery("UPDATE policy_version SET effective_to = $3 WHERE policy_id = $1 AND version = $2")
                                .execute(Tuple.of(policyId, r.getInteger("version"), v.effectiveFrom())).replaceWithVoid();
                    }
                    return before;
                })
                .onItem().transformToUni(ignored -> conn.preparedQuery("""
                                INSERT INTO policy_version (policy_id, version, rule, effective_from, effective_to, resident_reminder, worker_reminder, created_by)
                                SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM policy_version WHERE policy_id = $1
                                RETURNING id, version, rule, effective_from, effective_to, resident_reminder, worker_reminder, created_at""")
                        .execute(Tuple.from(java.util.Arrays.asList(policyId, rules.jsonb(v.rule()), v.effectiveFrom(), orNullDate(v.effectiveTo()),
                                v.residentReminder().strip(), v.workerReminder().strip(), actor))))
                .onFailure(e -> e instanceof PgException pg && "23P01".equals(pg.getSqlState()))
                .transform(e -> ProblemException.invalidField(prefix + "effectiveFrom", "overlaps another version of this policy"))
                .map(rows -> version(rows.iterator().next()));
    }

    private Uni<PolicyView> one(SqlConnection conn, long id) {
        return read(conn, id).map(list -> {
            if (list.isEmpty()) {
                throw ProblemException.notFound("Policy", id);
            }
            return list.get(0);
        });
    }

    private Uni<List<PolicyView>> read(SqlConnection conn, Long id) {
        LocalDate today = rules.today();
        return conn.preparedQuery("""
                        SELECT p.id, p.code, p.name, p.description, p.benefit, p.administered_by, p.cycle, p.active, p.created_at,
                               v.id AS version_id, v.version, v.rule, v.effective_from, v.effective_to, v.resident_reminder,
                               v.worker_reminder, v.created_at AS version_created_at
                          FROM policy p LEFT JOIN policy_version v ON v.policy_id = p.id
                         WHERE ($1::bigint IS NULL OR p.id = $1)
                         ORDER BY p.code, v.version""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    Map<Long, Row> policies = new LinkedHashMap<>();
                    Map<Long, List<PolicyVersionView>> versions = new LinkedHashMap<>();
                    Map<Long, Integer> inForce = new LinkedHashMap<>();
                    for (Row r : rows) {
                        long pid = r.getLong("id");
                        policies.putIfAbsent(pid, r);
                        List<PolicyVersionView> list = versions.computeIfAbsent(pid, k -> new ArrayList<>());
                        if (r.getLong("version_id") != null) {
                            PolicyVersionView view = version(r);
                            list.add(view);
                            if (!view.effectiveFrom().isAfter(today) && (view.effectiveTo() == null || view.effectiveTo().isAfter(today))) {
                                inForce.put(pid, view.version());
                            }
                        }
                    }
                    List<PolicyView> out = new ArrayList<>();
                    policies.forEach((pid, r) -> out.add(new PolicyView(pid, r.getString("code"), r.getString("name"),
                            r.getString("description"), r.getString("benefit"), r.getString("administered_by"), r.getString("cycle"),
                            r.getBoolean("active"), r.getOffsetDateTime("created_at"), inForce.get(pid), List.copyOf(versions.get(pid)))));
                    return out;
                });
    }

    private PolicyVersionView version(Row r) {
        boolean joined = r.getColumnIndex("version_id") >= 0;
        return new PolicyVersionView(joined ? r.getLong("version_id") : r.getLong("id"), r.getInteger("version"), rules.tree(r.getValue("rule")),
                r.getLocalDate("effective_from"), r.getLocalDate("effective_to"), r.getString("resident_reminder"),
                r.getString("worker_reminder"), r.getOffsetDateTime(joined ? "version_created_at" : "created_at"));
    }

    private static void text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ProblemException.invalidField(field, "is required");
            }
            return;
        }
        if (value.strip().length() > max) {
            throw ProblemException.invalidField(field, "at most " + max + " characters");
        }
    }

    private static Object orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Object orNullDate(LocalDate value) {
        return value;
    }
}
