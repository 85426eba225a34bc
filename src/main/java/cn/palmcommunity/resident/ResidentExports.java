package cn.palmcommunity.resident;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.export.ExportFormat;
import cn.palmcommunity.export.PagedExport;
import cn.palmcommunity.security.DataScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Exports a filtered list as CSV or XLSX, streamed page by page (never the whole list in memory),
 * masked as in lists. The export and its purpose are recorded before the first byte is sent.
 */
@ApplicationScoped
public class ResidentExports {

    static final List<String> COLUMNS = List.of("编号", "姓名", "身份证号", "性别", "出生日期", "年龄", "联系电话",
            "社区", "网格", "小区", "地址", "居住状态", "标签");
    private static final int BATCH = 1000;

    private final Pool pool;
    private final ResidentSearch search;
    private final AuditLog auditLog;
    private final ObjectMapper json;
    private final long maxRows;

    public ResidentExports(Pool pool, ResidentSearch search, AuditLog auditLog, ObjectMapper json,
                           @ConfigProperty(name = "palm.resident.export-max-rows") long maxRows) {
        this.pool = pool;
        this.search = search;
        this.auditLog = auditLog;
        this.json = json;
        this.maxRows = maxRows;
    }

    public Uni<Multi<byte[]>> export(ResidentExportRequest request, ExportFormat format, DataScope scope, String clientIp) {
        String purpose = request == null || request.purpose() == null ? "" : request.purpose().strip();
        if (purpose.length() < 2 || purpose.length() > 200) {
            throw ProblemException.invalidField("purpose", "state why the list is exported, 2-200 characters");
        }
        long actor = scope.accountId();
        String role = scope.role().name();
        return search.prepare(request.filter(), scope, "filter")
                .onItem().transformToUni(prepared -> search.count(prepared).onItem().transformToUni(count -> {
                    if (count > maxRows) {
                        return Uni.createFrom().failure(ProblemException.invalidField("filter",
                                count + " residents match; an export holds at most " + maxRows + ", narrow the filter"));
                    }
                    return pool.withTransaction(conn -> conn.preparedQuery("""
                                    INSERT INTO resident_export (actor_id, filter, format, row_count) VALUES ($1, $2, $3, $4) RETURNING id""")
                            .execute(Tuple.of(actor, new JsonObject(filterJson(prepared.filter())), format.name(), count))
                            .onItem().transformToUni(rows -> {
                                long exportId = rows.iterator().next().getLong(0);
                                return auditLog.record(conn, new AuditEntry(actor, role, "EXPORT_RESIDENTS", "RESIDENT_EXPORT",
                                        exportId, null, purpose, clientIp));
                            }))
                            .replaceWith(stream(prepared, format));
                }));
    }

    private Multi<byte[]> stream(ResidentSearch.Prepared prepared, ExportFormat format) {
        return PagedExport.stream(format, COLUMNS, (after, size) -> search.page(prepared, after, size), BATCH,
                ResidentListItem::id, ResidentExports::row);
    }

    private static List<Object> row(ResidentListItem r) {
        List<Object> cells = new ArrayList<>(COLUMNS.size());
        cells.add(r.id());
        cells.add(r.name());
        cells.add(r.idNumberMasked());
        cells.add(r.sex());
        cells.add(r.birthDate());
        cells.add(r.age());
        cells.add(r.phone());
        cells.add(r.communityName());
        cells.add(r.gridId());
        cells.add(r.compoundName());
        cells.add(r.address());
        cells.add(r.livingStatus());
        cells.add(String.join(" ", r.tags()));
        return cells;
    }

    private String filterJson(ResidentFilter filter) {
        try {
            return json.writeValueAsString(filter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
