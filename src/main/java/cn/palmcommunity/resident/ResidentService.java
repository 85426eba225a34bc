package cn.palmcommunity.resident;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;

@ApplicationScoped
public class ResidentService {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final Pool pool;
    private final AuditLog auditLog;
    private final ResidentReader reader;
    private final FieldAccessPolicy accessPolicy;

    public ResidentService(Pool pool, AuditLog auditLog, ResidentReader reader, FieldAccessPolicy accessPolicy) {
        this.pool = pool;
        this.auditLog = auditLog;
        this.reader = reader;
        this.accessPolicy = accessPolicy;
    }

    /**
     * A resident's full record, if the caller's scope covers their community (and grid, for grid
     * workers), cut to the caller's fields. The read is logged in the same transaction before
     * anything is returned.
     */
    public Uni<ResidentRecord> fullRecord(long residentId, String purpose, DataScope scope, String clientIp) {
        long actor = scope.accountId();
        String role = scope.role().name();
        return accessPolicy.forCaller(scope).onItem().transformToUni(access -> pool.withTransaction(conn -> reader.mainRow(conn, residentId)
                .onItem().transformToUni(row -> {
                    if (row == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("Resident", residentId));
                    }
                    long community = row.getLong("community_id");
                    Long grid = row.getLong("grid_id");
                    if (!scope.covers(community) || !scope.coversGrid(grid)) {
                        return Uni.createFrom().failure(ProblemException.forbidden(
                                "Resident " + residentId + " lives outside your data scope"));
                    }
                    AuditEntry entry = new AuditEntry(actor, role, "READ_FULL_RECORD", "RESIDENT", residentId, community, purpose, clientIp);
                    return auditLog.record(conn, entry).onItem().transformToUni(ignored -> reader.complete(conn, row, access));
                })));
    }
}
