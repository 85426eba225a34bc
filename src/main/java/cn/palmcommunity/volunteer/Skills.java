package cn.palmcommunity.volunteer;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The managed skill list: which codes exist (and are active) and which need a certificate. */
@ApplicationScoped
public class Skills {

    public record Skill(String code, String nameZh, String nameEn, boolean certificateRequired, boolean active, int sortOrder) {
        static Skill of(Row r) {
            return new Skill(r.getString("code"), r.getString("name_zh"), r.getString("name_en"),
                    r.getBoolean("certificate_required"), r.getBoolean("active"), r.getInteger("sort_order"));
        }
    }

    /**
     * The active skills among {@code codes}, keyed by code; the first unknown or inactive one is a
     * 422 naming the element ({@code field[i]}) and the value.
     */
    public Uni<Map<String, Skill>> requireKnown(SqlClient client, List<String> codes, String field) {
        if (codes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("SELECT * FROM volunteer_skill WHERE code = ANY($1) AND active")
                .execute(Tuple.of(codes.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Skill> known = new HashMap<>();
                    for (Row r : rows) {
                        known.put(r.getString("code"), Skill.of(r));
                    }
                    for (int i = 0; i < codes.size(); i++) {
                        if (!known.containsKey(codes.get(i))) {
                            throw ProblemException.invalidField(field + "[" + i + "]", "unknown skill " + codes.get(i));
                        }
                    }
                    return known;
                });
    }

    /** Duplicates are a client mistake worth naming rather than silently merging. */
    static void requireDistinct(List<String> codes, String field) {
        for (int i = 0; i < codes.size(); i++) {
            if (codes.indexOf(codes.get(i)) != i) {
                throw ProblemException.invalidField(field + "[" + i + "]", "skill " + codes.get(i) + " is listed twice");
            }
        }
    }
}
