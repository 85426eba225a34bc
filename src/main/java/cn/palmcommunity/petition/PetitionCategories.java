package cn.palmcommunity.petition;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The managed category list and its time limits. */
@ApplicationScoped
public class PetitionCategories {

    /** The category's limits; an unknown or retired code is a 422 naming the field. */
    public Uni<Category> active(SqlClient client, String code, String field) {
        return client.preparedQuery("SELECT * FROM petition_category WHERE code = $1 AND active").execute(Tuple.of(code))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField(field, "unknown category " + code);
                    }
                    return Category.of(rows.iterator().next());
                });
    }

    public record Category(String code, String nameZh, String nameEn, int acceptWithinHours, int resolveWithinWorkingDays,
                           int maxExtensionWorkingDays, int visitWithinDays, boolean active, int sortOrder) {
        static Category of(Row r) {
            return new Category(r.getString("code"), r.getString("name_zh"), r.getString("name_en"), r.getInteger("accept_within_hours"),
                    r.getInteger("resolve_within_working_days"), r.getInteger("max_extension_working_days"),
                    r.getInteger("visit_within_days"), r.getBoolean("active"), r.getInteger("sort_order"));
        }
    }
}
