package cn.palmcommunity.resident;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * A resident's own view (PIPL right of access): their record, and who in government read it. The
 * link is {@code account.resident_id}, set once by {@link #link}.
 */
@ApplicationScoped
public class MyRecord {

    private final Pool pool;
    private final ResidentReader reader;
    private final IdNumberCipher idNumbers;

    public MyRecord(Pool pool, ResidentReader reader, IdNumberCipher idNumbers) {
        this.pool = pool;
        this.reader = reader;
        this.idNumbers = idNumbers;
    }

    public Uni<ResidentRecord> record(long accountId) {
        return residentOf(accountId).onItem().transformToUni(residentId -> pool.withTransaction(conn -> reader.mainRow(conn, residentId)
                .onItem().transformToUni(row -> reader.complete(conn, row, FieldAccess.everything(true)))));
    }

    public Uni<List<RecordAccessView>> accessLog(long accountId, int limit) {
        return residentOf(accountId).onItem().transformToUni(residentId -> pool.preparedQuery("""
                        SELECT a.at, ac.display_name, a.actor_role, a.action, a.purpose,
                               coalesce(c.name, s.name, ac.department, d.name) AS unit
                          FROM audit_log a
                          JOIN account ac ON ac.id = a.actor_id
                          LEFT JOIN community c ON c.id = ac.community_id
                          LEFT JOIN street s ON s.id = ac.street_id
                          LEFT JOIN district d ON d.id = ac.district_id
                         WHERE a.subject_type = 'RESIDENT' AND a.subject_id = $1
                         ORDER BY a.at DESC, a.id DESC
                         LIMIT $2""")
                .execute(Tuple.of(residentId, limit))
                .map(rows -> {
                    List<RecordAccessView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new RecordAccessView(r.getOffsetDateTime("at"), r.getString("display_name"), r.getString("actor_role"),
                                r.getString("unit"), r.getString("action"), r.getString("purpose")));
                    }
                    return out;
                }));
    }

    /** Links the account to the record whose ID number, name and phone all match; 422 on any mismatch, saying nothing more. */
    public Uni<ResidentRecord> link(long accountId, RecordLinkRequest request) {
        if (request == null || request.idNumber() == null || !ResidentIdNumber.isValid(IdNumberCipher.normalise(request.idNumber()))) {
            throw ProblemException.invalidField("idNumber", "is not a valid resident ID number");
        }
        if (request.name() == null || request.name().isBlank()) {
            throw ProblemException.invalidField("name", "is required");
        }
        if (request.phone() == null || request.phone().isBlank()) {
            throw ProblemException.invalidField("phone", "is required");
        }
        Buffer hash = Buffer.buffer(idNumbers.lookupHash(request.idNumber()));
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM resident WHERE id_number_hash = $1 AND name = $2 AND phone = $3")
                .execute(Tuple.of(hash, request.name().strip(), request.phone().strip()))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.invalidField("idNumber",
                                "no resident record matches this ID number, name and phone; ask your community to check it"));
                    }
                    long residentId = rows.iterator().next().getLong(0);
                    return conn.preparedQuery("""
                                    UPDATE account SET resident_id = $2 WHERE id = $1
                                       AND NOT EXISTS (SELECT 1 FROM account o WHERE o.resident_id = $2 AND o.id <> $1)""")
                            .execute(Tuple.of(accountId, residentId))
                            .onItem().transformToUni(updated -> updated.rowCount() == 1
                                    ? Uni.createFrom().item(residentId)
                                    : Uni.createFrom().failure(ProblemException.conflict("record-already-linked",
                                            "This record is already linked to another account; ask your community")));
                }))
                .onItem().transformToUni(ignored -> record(accountId));
    }

    private Uni<Long> residentOf(long accountId) {
        return pool.preparedQuery("SELECT resident_id FROM account WHERE id = $1").execute(Tuple.of(accountId))
                .map(rows -> {
                    Long id = rows.size() == 0 ? null : rows.iterator().next().getLong(0);
                    if (id == null) {
                        throw new ProblemException(Problem.of(404, "record-not-linked", "No resident record linked",
                                "Link your account to your resident record first (POST /api/me/record/link)"));
                    }
                    return id;
                });
    }
}
