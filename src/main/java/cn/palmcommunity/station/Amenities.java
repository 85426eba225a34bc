package cn.palmcommunity.station;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The managed amenity list. It is small and read on every search (to reject unknown codes before the
 * query), so it is held as an immutable snapshot, reloaded after each change on this instance and
 * every few minutes for changes made on others.
 */
@ApplicationScoped
public class Amenities {

    private final Pool pool;
    private final AuditLog audit;
    private volatile Map<String, StationViews.AmenityView> byCode = Map.of();

    public Amenities(Pool pool, AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
    }

    void onStart(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(60));
    }

    @Scheduled(every = "5m", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

    public Uni<Void> reload() {
        return pool.query("SELECT code, name_zh, name_en, active, sort_order FROM amenity ORDER BY sort_order, code").execute()
                .invoke(rows -> {
                    Map<String, StationViews.AmenityView> loaded = new LinkedHashMap<>();
                    for (Row r : rows) {
                        loaded.put(r.getString("code"), view(r));
                    }
                    byCode = Map.copyOf(loaded);
                })
                .replaceWithVoid();
    }

    /** Every amenity, active or not, in display order. */
    public List<StationViews.AmenityView> all() {
        List<StationViews.AmenityView> out = new ArrayList<>(byCode.values());
        out.sort((a, b) -> a.sortOrder() != b.sortOrder() ? Integer.compare(a.sortOrder(), b.sortOrder()) : a.code().compareTo(b.code()));
        return out;
    }

    /**
     * Codes from a search filter (comma-separated, any case), sorted and without repeats; a code that
     * is not on the list is a 422 naming {@code field}. Inactive amenities may still be searched for.
     */
    public String[] forSearch(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return new String[0];
        }
        TreeSet<String> codes = new TreeSet<>();
        for (String part : raw.split(",")) {
            String code = part.strip().toUpperCase(java.util.Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            if (!byCode.containsKey(code)) {
                throw ProblemException.invalidField(field, "unknown amenity " + part.strip() + "; see /api/stations/amenities");
            }
            codes.add(code);
        }
        return codes.toArray(String[]::new);
    }

    /** Codes for a station: each must be an active amenity; answers them sorted and without repeats. */
    public String[] forStation(String field, List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return new String[0];
        }
        TreeSet<String> codes = new TreeSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String code = raw.get(i) == null ? "" : raw.get(i).strip().toUpperCase(java.util.Locale.ROOT);
            StationViews.AmenityView known = byCode.get(code);
            if (known == null || !known.active()) {
                throw ProblemException.invalidField(field + "[" + i + "]", "unknown amenity " + raw.get(i) + "; see /api/stations/amenities");
            }
            codes.add(code);
        }
        return codes.toArray(String[]::new);
    }

    /** A new amenity; its code must not exist yet. */
    public Uni<StationViews.AmenityView> create(StationCommands.AmenityInput input, DataScope scope, String clientIp) {
        if (input.code() == null) {
            throw ProblemException.invalidField("code", "must not be blank");
        }
        long actor = scope.accountId();
        String role = scope.role().name();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                INSERT INTO amenity (code, name_zh, name_en, active, sort_order, updated_by)
                                VALUES ($1, $2, $3, coalesce($4, true), coalesce($5, 100), $6)
                                ON CONFLICT (code) DO NOTHING
                                RETURNING id, code, name_zh, name_en, active, sort_order""")
                        .execute(Tuple.from(new Object[] {input.code(), input.nameZh().strip(), input.nameEn().strip(), input.active(),
                            input.sortOrder(), actor}))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.conflict("duplicate-amenity",
                                        "Amenity " + input.code() + " exists already; change it with PUT"));
                            }
                            Row row = rows.iterator().next();
                            return audit.record(conn, new AuditEntry(actor, role, "AMENITY_CREATE", "AMENITY", row.getLong("id"), null,
                                    "amenity " + input.code() + " added", clientIp)).replaceWith(view(row));
                        }))
                .call(this::reload);
    }

    /** Renames, reorders, or (de)activates an existing amenity. */
    public Uni<StationViews.AmenityView> update(String code, StationCommands.AmenityInput input, DataScope scope, String clientIp) {
        long actor = scope.accountId();
        String role = scope.role().name();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                UPDATE amenity SET name_zh = $2, name_en = $3, active = coalesce($4, active),
                                       sort_order = coalesce($5, sort_order), updated_at = now(), updated_by = $6
                                 WHERE code = $1
                                RETURNING id, code, name_zh, name_en, active, sort_order""")
                        .execute(Tuple.from(new Object[] {code, input.nameZh().strip(), input.nameEn().strip(), input.active(),
                            input.sortOrder(), actor}))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.notFound("Amenity", code));
                            }
                            Row row = rows.iterator().next();
                            return audit.record(conn, new AuditEntry(actor, role, "AMENITY_UPDATE", "AMENITY", row.getLong("id"), null,
                                    "amenity " + code + " changed", clientIp)).replaceWith(view(row));
                        }))
                .call(this::reload);
    }

    private static StationViews.AmenityView view(Row r) {
        return new StationViews.AmenityView(r.getString("code"), r.getString("name_zh"), r.getString("name_en"),
                r.getBoolean("active"), r.getInteger("sort_order"));
    }
}
