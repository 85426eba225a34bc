package cn.palmcommunity.eligibility;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.export.ExportFormat;
import cn.palmcommunity.export.PagedExport;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Exports the worklist (same filters, same scope, same masking) as CSV or XLSX, streamed a page at a
 * time. The export, its filter, size and purpose are recorded before the first byte is sent.
 */
@ApplicationScoped
public class LeadExports {

    static final List<String> COLUMNS = List.of("线索编号", "政策", "周期", "状态", "姓名", "身份证号", "联系电话", "社区", "网格",
            "发现时间", "最近更新");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int BATCH = 1000;

    private final Pool pool;
    private final LeadWorklist worklist;
    private final AuditLog auditLog;
    private final long maxRows;

    public LeadExports(Pool pool, LeadWorklist worklist, AuditLog auditLog,
                       @ConfigProperty(name = "palm.eligibility.lead-export-max-rows", defaultValue = "200000") long maxRows) {
        this.pool = pool;
        this.worklist = worklist;
        this.auditLog = auditLog;
        this.maxRows = maxRows;
    }

    public Uni<Multi<byte[]>> export(LeadExportRequest request, LeadWorklist.Filter filter, ExportFormat format, DataScope scope, String clientIp) {
        String purpose = request == null || request.purpose() == null ? "" : request.purpose().strip();
        if (purpose.length() < 2 || purpose.length() > 200) {
            throw ProblemException.invalidField("purpose", "state why the list is exported, 2-200 characters");
        }
        return worklist.caller(scope).onItem().transformToUni(caller -> pool.preparedQuery("""
                        SELECT count(*) FROM eligibility_lead l JOIN resident r ON r.id = l.resident_id
                         WHERE ($1::bigint[] IS NULL OR l.community_id = ANY($1))
                           AND ($2::bigint[] IS NULL OR r.grid_id = ANY($2))
                           AND ($3::bigint IS NULL OR l.policy_id = $3)
                           AND ($4::text IS NULL OR l.status = $4)
                           AND ($5::bigint IS NULL OR l.community_id = $5)""")
                .execute(Tuple.from(new Object[] {caller.communities(), caller.grids(), filter.policyId(),
                    filter.status() == null ? null : filter.status().name(), filter.communityId()}))
                .onItem().transformToUni(rows -> {
                    long count = rows.iterator().next().getLong(0);
                    if (count > maxRows) {
                        return Uni.createFrom().failure(ProblemException.invalidField("filter",
                                count + " leads match; an export holds at most " + maxRows + ", narrow the filter"));
                    }
                    Map<String, Object> recorded = new LinkedHashMap<>();
                    recorded.put("policyId", filter.policyId());
                    recorded.put("status", filter.status() == null ? null : filter.status().name());
                    recorded.put("communityId", filter.communityId());
                    return pool.withTransaction(conn -> conn.preparedQuery("""
                                    INSERT INTO lead_export (actor_id, filter, format, row_count) VALUES ($1, $2, $3, $4) RETURNING id""")
                                    .execute(Tuple.of(caller.accountId(), new JsonObject(recorded), format.name(), count))
                                    .onItem().transformToUni(inserted -> auditLog.record(conn, new AuditEntry(caller.accountId(), caller.role(),
                                            "EXPORT_LEADS", "LEAD_EXPORT", inserted.iterator().next().getLong(0), filter.communityId(), purpose, clientIp))))
                            .replaceWith(stream(caller, filter, format));
                }));
    }

    private Multi<byte[]> stream(LeadWorklist.Caller caller, LeadWorklist.Filter filter, ExportFormat format) {
        return PagedExport.stream(format, COLUMNS, (after, size) -> worklist.rows(caller, filter, after, size), BATCH,
                LeadView::id, LeadExports::row);
    }

    private static List<Object> row(LeadView lead) {
        List<Object> cells = new ArrayList<>(COLUMNS.size());
        cells.add(lead.id());
        cells.add(lead.policyName());
        cells.add(lead.cycleKey());
        cells.add(lead.status().name());
        cells.add(lead.residentName());
        cells.add(lead.idNumberMasked());
        cells.add(lead.phone());
        cells.add(lead.communityName());
        cells.add(lead.gridId());
        cells.add(lead.foundAt().atZoneSameInstant(CHINA).toLocalDateTime().toString());
        cells.add(lead.updatedAt().atZoneSameInstant(CHINA).toLocalDateTime().toString());
        return cells;
    }
}
