package cn.palmcommunity.resident;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.privacy.Masking;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

@ApplicationScoped
public class ResidentService {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final Pool pool;
    private final AuditLog auditLog;

    public ResidentService(Pool pool, AuditLog auditLog) {
        this.pool = pool;
        this.auditLog = auditLog;
    }

    /**
     * A resident's full record, if the caller's scope covers their community (and grid, for grid
     * workers). The read is logged in the same transaction before anything is returned.
     */
    public Uni<ResidentRecord> fullRecord(long residentId, String purpose, DataScope scope, String clientIp) {
        long actor = scope.accountId();
        String role = scope.role().name();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT r.id, r.name, r.id_number, r.sex, r.birth_date, r.phone, r.community_id, c.name AS community_name,
                               r.grid_id, r.address, r.living_status
                          FROM resident r JOIN community c ON c.id = r.community_id
                         WHERE r.id = $1""")
                .execute(Tuple.of(residentId))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("Resident", residentId));
                    }
                    Row row = rows.iterator().next();
                    long community = row.getLong("community_id");
                    Long grid = row.getLong("grid_id");
                    if (!scope.covers(community) || !scope.coversGrid(grid)) {
                        return Uni.createFrom().failure(ProblemException.forbidden(
                                "Resident " + residentId + " lives outside your data scope"));
                    }
                    AuditEntry entry = new AuditEntry(actor, role, "READ_FULL_RECORD", "RESIDENT", residentId, community, purpose, clientIp);
                    return auditLog.record(conn, entry).replaceWith(toRecord(row));
                }));
    }

    static ResidentRecord toRecord(Row row) {
        LocalDate birth = row.getLocalDate("birth_date");
        String phone = row.getString("phone");
        return new ResidentRecord(row.getLong("id"), row.getString("name"), ResidentIdNumber.mask(row.getString("id_number")),
                row.getString("sex"), birth, Period.between(birth, LocalDate.now(CHINA)).getYears(),
                Masking.phone(phone), row.getLong("community_id"), row.getString("community_name"),
                row.getLong("grid_id"), row.getString("address"), row.getString("living_status"));
    }
}
