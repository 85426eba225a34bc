package cn.palmcommunity.open311;

import cn.palmcommunity.calendar.ChinaTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The GeoReport services: our active petition categories, with their time limits and attributes. */
@ApplicationScoped
class Open311Services {

    /** W3C date-time with the China offset, e.g. 2026-11-23T08:45:00+08:00. */
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final Pool pool;

    Open311Services(Pool pool) {
        this.pool = pool;
    }

    record Service(String code, String nameZh, String nameEn, int acceptWithinHours, int resolveWithinWorkingDays) {

        static Service of(Row r) {
            return new Service(r.getString("code"), r.getString("name_zh"), r.getString("name_en"),
                    r.getInteger("accept_within_hours"), r.getInteger("resolve_within_working_days"));
        }

        String name(boolean english) {
            return english ? nameEn : nameZh;
        }

        /** What the district promises for this kind of petition: its time limits. */
        String notice(boolean english) {
            return english
                    ? "Accepted within " + acceptWithinHours + " hours and resolved within " + resolveWithinWorkingDays + " working days."
                    : acceptWithinHours + " 小时内受理，" + resolveWithinWorkingDays + " 个工作日内办结。";
        }

        List<ServiceAttributes.Attribute> attributes() {
            return ServiceAttributes.of(code);
        }

        Map<String, Object> document(boolean english) {
            return Open311Document.fields("service_code", code, "service_name", name(english), "description",
                    (english ? nameEn + ": " : nameZh + "：") + notice(english), "metadata", !attributes().isEmpty(),
                    "type", "realtime", "keywords", nameZh + "," + nameEn, "group", null);
        }

        Map<String, Object> definition(boolean english) {
            return Open311Document.fields("service_code", code, "attributes",
                    new Open311Document.Items("attribute", attributes().stream().map(a -> a.document(english)).toList()));
        }
    }

    Uni<List<Service>> active() {
        return pool.query("SELECT * FROM petition_category WHERE active ORDER BY sort_order, code").execute().map(rows -> {
            List<Service> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(Service.of(r));
            }
            return out;
        });
    }

    /** The active service of this code, or a 404 naming it. */
    Uni<Service> active(String code) {
        return pool.preparedQuery("SELECT * FROM petition_category WHERE code = $1 AND active").execute(Tuple.of(code))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw Open311Exception.notFound("service_code " + code + " was not found");
                    }
                    return Service.of(rows.iterator().next());
                });
    }

    /** When the service list last changed: clients refresh their cached lists when this moves. */
    Uni<String> changeset() {
        return pool.query("SELECT max(updated_at) AS at FROM petition_category").execute()
                .map(rows -> {
                    OffsetDateTime at = rows.iterator().next().getOffsetDateTime("at");
                    return at == null ? null : w3c(at);
                });
    }

    static String w3c(OffsetDateTime at) {
        return at == null ? null : W3C.format(at.atZoneSameInstant(ChinaTime.CHINA));
    }
}
