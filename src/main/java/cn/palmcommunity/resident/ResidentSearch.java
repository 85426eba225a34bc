package cn.palmcommunity.resident;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.privacy.Masking;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finding people: a filter over the caller's scope, counted and listed in id order (keyset pages),
 * masked and cut to the caller's fields.
 */
@ApplicationScoped
public class ResidentSearch {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private static final String LIST_SQL = """
            SELECT r.id, r.name, r.id_number_cipher, r.sex, r.birth_date, r.phone, r.community_id, c.name AS community_name,
                   r.grid_id, cp.name AS compound_name, r.address, r.living_status
              FROM resident r
              JOIN community c ON c.id = r.community_id
              LEFT JOIN compound cp ON cp.id = r.compound_id
             WHERE %s
               AND r.id > $%d
             ORDER BY r.id
             LIMIT $%d""";

    private final Pool pool;
    private final FieldAccessPolicy accessPolicy;
    private final IdNumberCipher idNumbers;

    public ResidentSearch(Pool pool, FieldAccessPolicy accessPolicy, IdNumberCipher idNumbers) {
        this.pool = pool;
        this.accessPolicy = accessPolicy;
        this.idNumbers = idNumbers;
    }

    /** A validated, compiled filter and what the caller may see of its results. */
    public record Prepared(ResidentFilter filter, CompiledFilter sql, FieldAccess access) {
    }

    /** Validates the filter against the caller (422 naming {@code prefix.field}, 403 outside the scope) and compiles it. */
    public Uni<Prepared> prepare(ResidentFilter given, DataScope scope, String prefix) {
        ResidentFilter filter = given == null ? ResidentFilter.EVERYONE : given;
        Long[] scopeCommunities = scope.communityFilter();
        Long[] scopeGrids = scope.level() == Role.ScopeLevel.GRID ? scope.grids().toArray(Long[]::new) : null;
        return accessPolicy.forCaller(scope)
                .onItem().transformToUni(access -> pool.query("SELECT code FROM tag_definition").execute()
                        .map(rows -> {
                            Set<String> known = new HashSet<>();
                            rows.forEach(r -> known.add(r.getString(0)));
                            FilterValidator.validate(prefix, filter, known, access);
                            return access;
                        }))
                .onItem().transformToUni(access -> checkCommunities(filter, scope, prefix).replaceWith(access))
                .map(access -> new Prepared(filter,
                        FilterCompiler.compile(filter, scopeCommunities, scopeGrids, LocalDate.now(ResidentService.CHINA)), access));
    }

    private Uni<Void> checkCommunities(ResidentFilter filter, DataScope scope, String prefix) {
        List<Long> ids = filter.communityIds();
        if (ids == null || ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT id FROM community WHERE id = ANY($1)").execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Set<Long> existing = new HashSet<>();
                    rows.forEach(r -> existing.add(r.getLong(0)));
                    for (int i = 0; i < ids.size(); i++) {
                        if (!existing.contains(ids.get(i))) {
                            throw ProblemException.invalidField(prefix + ".communityIds[" + i + "]", "unknown community " + ids.get(i));
                        }
                        if (!scope.covers(ids.get(i))) {
                            throw ProblemException.forbidden("Community " + ids.get(i) + " is outside your data scope");
                        }
                    }
                    return null;
                });
    }

    public Uni<Long> count(Prepared prepared) {
        return pool.preparedQuery("SELECT count(*) FROM resident r WHERE " + prepared.sql().where())
                .execute(Tuple.from(prepared.sql().params()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Residents after {@code afterId} in id order, at most {@code limit}. */
    public Uni<List<ResidentListItem>> page(Prepared prepared, long afterId, int limit) {
        CompiledFilter sql = prepared.sql();
        List<Object> params = new ArrayList<>(sql.params());
        params.add(afterId);
        params.add(limit);
        String text = LIST_SQL.formatted(sql.where(), sql.nextParam(), sql.nextParam() + 1);
        return pool.preparedQuery(text).execute(Tuple.from(params))
                .onItem().transformToUni(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    if (list.isEmpty()) {
                        return Uni.createFrom().item(List.<ResidentListItem>of());
                    }
                    Long[] ids = list.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
                    return pool.preparedQuery("""
                                    SELECT resident_id, tag_code FROM resident_tag
                                     WHERE resident_id = ANY($1) AND until IS NULL ORDER BY resident_id, tag_code""")
                            .execute(Tuple.of(ids))
                            .map(tagRows -> {
                                Map<Long, List<String>> tags = new HashMap<>();
                                for (Row t : tagRows) {
                                    if (prepared.access().seesTag(t.getString(1))) {
                                        tags.computeIfAbsent(t.getLong(0), k -> new ArrayList<>()).add(t.getString(1));
                                    }
                                }
                                List<ResidentListItem> items = new ArrayList<>(list.size());
                                for (Row r : list) {
                                    items.add(item(r, prepared.access(), tags.getOrDefault(r.getLong("id"), List.of())));
                                }
                                return items;
                            });
                });
    }

    public Uni<ResidentSearchResult> search(ResidentSearchRequest request, DataScope scope) {
        ResidentSearchRequest r = request == null ? new ResidentSearchRequest(null, null, null) : request;
        int limit = r.limit() == null ? DEFAULT_LIMIT : r.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        long after = cursor("after", r.after());
        return prepare(r.filter(), scope, "filter").onItem().transformToUni(prepared -> run(prepared, after, limit));
    }

    /** Count and one page of an already prepared filter (searches and saved filters). */
    public Uni<ResidentSearchResult> run(Prepared prepared, long after, int limit) {
        return Uni.combine().all().unis(count(prepared), page(prepared, after, limit)).asTuple()
                .map(t -> new ResidentSearchResult(t.getItem1(), t.getItem2(),
                        t.getItem2().size() == limit ? String.valueOf(t.getItem2().get(limit - 1).id()) : null));
    }

    static long cursor(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value < 0) {
                throw ProblemException.invalidField(field, "must be a cursor returned as nextCursor");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be a cursor returned as nextCursor");
        }
    }

    private ResidentListItem item(Row r, FieldAccess access, List<String> tags) {
        LocalDate birth = r.getLocalDate("birth_date");
        String phone = r.getString("phone");
        String shownPhone = !access.phone() ? null : access.fullPhone() ? phone : Masking.phone(phone);
        return new ResidentListItem(r.getLong("id"), r.getString("name"), idNumbers.masked(r.getBuffer("id_number_cipher").getBytes()),
                r.getString("sex"), birth, Period.between(birth, LocalDate.now(ResidentService.CHINA)).getYears(), shownPhone,
                r.getLong("community_id"), r.getString("community_name"), r.getLong("grid_id"), access.household() || access.address() ? r.getString("compound_name") : null,
                access.address() ? r.getString("address") : null, r.getString("living_status"), tags);
    }
}
