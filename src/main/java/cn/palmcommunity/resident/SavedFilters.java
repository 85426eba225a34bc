package cn.palmcommunity.resident;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Saved filters, each owned by one account. A filter is validated when saved and again when run,
 * always against the caller's scope at that moment (a worker who moved community finds new people).
 */
@ApplicationScoped
public class SavedFilters {

    private static final String COLUMNS = "id, name, filter, created_at, updated_at";

    private final Pool pool;
    private final ResidentSearch search;
    private final ObjectMapper json;

    public SavedFilters(Pool pool, ResidentSearch search, ObjectMapper json) {
        this.pool = pool;
        this.search = search;
        this.json = json;
    }

    public Uni<List<SavedFilterView>> list(DataScope scope) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM resident_filter WHERE owner_id = $1 ORDER BY name")
                .execute(Tuple.of(scope.accountId()))
                .map(rows -> {
                    List<SavedFilterView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    public Uni<SavedFilterView> get(long id, DataScope scope) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM resident_filter WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, scope.accountId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Saved filter", id);
                    }
                    return view(rows.iterator().next());
                });
    }

    public Uni<SavedFilterView> create(SavedFilterRequest request, DataScope scope) {
        String name = name(request);
        return search.prepare(request.filter(), scope, "filter")
                .onItem().transformToUni(prepared -> pool.preparedQuery("""
                                INSERT INTO resident_filter (owner_id, name, filter) VALUES ($1, $2, $3)
                                ON CONFLICT (owner_id, name) DO NOTHING RETURNING\s""" + COLUMNS)
                        .execute(Tuple.of(scope.accountId(), name, toJson(prepared.filter()))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.conflict("duplicate-filter-name", "You have a saved filter named " + name + " already");
                    }
                    return view(rows.iterator().next());
                });
    }

    public Uni<SavedFilterView> update(long id, SavedFilterRequest request, DataScope scope) {
        String name = name(request);
        return search.prepare(request.filter(), scope, "filter")
                .onItem().transformToUni(prepared -> pool.preparedQuery("""
                                UPDATE resident_filter SET name = $3, filter = $4, updated_at = now(), version = version + 1
                                 WHERE id = $1 AND owner_id = $2 RETURNING\s""" + COLUMNS)
                        .execute(Tuple.of(id, scope.accountId(), name, toJson(prepared.filter()))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Saved filter", id);
                    }
                    return view(rows.iterator().next());
                });
    }

    public Uni<Void> delete(long id, DataScope scope) {
        return pool.preparedQuery("DELETE FROM resident_filter WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, scope.accountId()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.notFound("Saved filter", id);
                    }
                    return null;
                });
    }

    public Uni<ResidentSearchResult> run(long id, Integer limit, String after, DataScope scope) {
        int size = limit == null ? ResidentSearch.DEFAULT_LIMIT : limit;
        if (size < 1 || size > ResidentSearch.MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + ResidentSearch.MAX_LIMIT);
        }
        long cursor = ResidentSearch.cursor("after", after);
        return get(id, scope)
                .onItem().transformToUni(saved -> search.prepare(saved.filter(), scope, "filter"))
                .onItem().transformToUni(prepared -> search.run(prepared, cursor, size));
    }

    private static String name(SavedFilterRequest request) {
        if (request == null || request.name() == null || request.name().isBlank() || request.name().strip().length() > 100) {
            throw ProblemException.invalidField("name", "1-100 characters");
        }
        return request.name().strip();
    }

    private JsonObject toJson(ResidentFilter filter) {
        try {
            return new JsonObject(json.writeValueAsString(filter));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SavedFilterView view(Row r) {
        ResidentFilter filter;
        try {
            filter = json.readValue(r.getJsonObject("filter").encode(), ResidentFilter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("saved filter " + r.getLong("id") + " no longer reads", e);
        }
        return new SavedFilterView(r.getLong("id"), r.getString("name"), filter, r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"));
    }
}
