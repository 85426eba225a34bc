package cn.palmcommunity.resident;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Entering residents into the registry, and finding one by ID number. */
@ApplicationScoped
public class ResidentRegistry {

    private static final Pattern PHONE = Pattern.compile("1\\d{10}|0\\d{2,3}-?\\d{7,8}");
    private static final Set<String> RELATIONS = Set.of("HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "OTHER");
    private static final Set<String> LIVING = Set.of("LIVING", "DECEASED", "MOVED_OUT");
    private static final Set<String> STAFF_SOURCES = Set.of("COMMUNITY_SURVEY", "SELF_REPORT");

    private final Pool pool;
    private final IdNumberCipher idNumbers;
    private final ResidentReader reader;
    private final ResidentSearch search;
    private final AuditLog auditLog;

    public ResidentRegistry(Pool pool, IdNumberCipher idNumbers, ResidentReader reader, ResidentSearch search, AuditLog auditLog) {
        this.pool = pool;
        this.idNumbers = idNumbers;
        this.reader = reader;
        this.search = search;
        this.auditLog = auditLog;
    }

    /** Checks everything that needs no database; answers the normalised ID number. */
    static String validate(NewResident r) {
        if (r == null) {
            throw ProblemException.invalidField("idNumber", "is required");
        }
        if (r.idNumber() == null) {
            throw ProblemException.invalidField("idNumber", "is required");
        }
        String id = IdNumberCipher.normalise(r.idNumber());
        String problem = ResidentIdNumber.problem(id);
        if (problem != null) {
            throw ProblemException.invalidField("idNumber", problem);
        }
        if (r.sex() != null && !r.sex().equals(String.valueOf(ResidentIdNumber.sex(id)))) {
            throw ProblemException.invalidField("sex", "disagrees with the ID number, which says " + ResidentIdNumber.sex(id));
        }
        if (r.birthDate() != null && !r.birthDate().equals(ResidentIdNumber.birthDate(id))) {
            throw ProblemException.invalidField("birthDate", "disagrees with the ID number, which says " + ResidentIdNumber.birthDate(id));
        }
        if (ResidentIdNumber.birthDate(id).isAfter(LocalDate.now(ResidentService.CHINA))) {
            throw ProblemException.invalidField("idNumber", "the birth date lies in the future");
        }
        if (r.name() == null || r.name().isBlank() || r.name().strip().length() > 50) {
            throw ProblemException.invalidField("name", "1-50 characters");
        }
        if (r.phone() != null && !PHONE.matcher(r.phone().strip()).matches()) {
            throw ProblemException.invalidField("phone", "must be a mobile (11 digits from 1) or a landline with area code");
        }
        if (r.compoundId() == null) {
            throw ProblemException.invalidField("compoundId", "is required: the compound fixes community and grid");
        }
        requirePart("building", r.building(), true);
        requirePart("unit", r.unit(), false);
        requirePart("room", r.room(), true);
        if (r.relationToHead() != null && !RELATIONS.contains(r.relationToHead())) {
            throw ProblemException.invalidField("relationToHead", "must be one of " + RELATIONS);
        }
        if (r.livingStatus() != null && !LIVING.contains(r.livingStatus())) {
            throw ProblemException.invalidField("livingStatus", "must be one of LIVING, DECEASED, MOVED_OUT");
        }
        if (r.source() != null && !STAFF_SOURCES.contains(r.source())) {
            throw ProblemException.invalidField("source", "must be COMMUNITY_SURVEY or SELF_REPORT");
        }
        return id;
    }

    private static void requirePart(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ProblemException.invalidField(field, "is required");
            }
            return;
        }
        if (value.strip().length() > 20) {
            throw ProblemException.invalidField(field, "at most 20 characters");
        }
    }

    public Uni<ResidentRecord> create(NewResident r, DataScope scope) {
        String id = validate(r);
        long actor = scope.accountId();
        String role = scope.role().name();
        String source = r.source() == null ? "COMMUNITY_SURVEY" : r.source();
        String unit = r.unit() == null ? "" : r.unit().strip();
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT community_id, grid_id, name FROM compound WHERE id = $1")
                .execute(Tuple.of(r.compoundId()))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.invalidField("compoundId", "unknown compound " + r.compoundId()));
                    }
                    Row compound = rows.iterator().next();
                    long community = compound.getLong("community_id");
                    long grid = compound.getLong("grid_id");
                    if (!scope.covers(community) || !scope.coversGrid(grid)) {
                        return Uni.createFrom().failure(ProblemException.forbidden("Compound " + r.compoundId() + " lies outside your data scope"));
                    }
                    String address = compound.getString("name") + r.building().strip() + "号楼"
                            + (unit.isEmpty() ? "" : unit + "单元") + r.room().strip() + "室";
                    return conn.preparedQuery("""
                                    INSERT INTO household (compound_id, building, unit, room) VALUES ($1, $2, $3, $4)
                                    ON CONFLICT (compound_id, building, unit, room) DO UPDATE SET building = EXCLUDED.building
                                    RETURNING id""")
                            .execute(Tuple.of(r.compoundId(), r.building().strip(), unit, r.room().strip()))
                            .onItem().transformToUni(h -> conn.preparedQuery("""
                                            INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, grid_id,
                                                                  compound_id, household_id, relation_to_head, address, living_status, source, entered_by)
                                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                                            ON CONFLICT (id_number_hash) DO NOTHING
                                            RETURNING id""")
                                    .execute(Tuple.from(new Object[] {
                                        Buffer.buffer(idNumbers.encrypt(id)), Buffer.buffer(idNumbers.lookupHash(id)), r.name().strip(),
                                        String.valueOf(ResidentIdNumber.sex(id)), ResidentIdNumber.birthDate(id),
                                        r.phone() == null ? null : r.phone().strip(), community, grid, r.compoundId(),
                                        h.iterator().next().getLong(0), r.relationToHead(), address,
                                        r.livingStatus() == null ? "LIVING" : r.livingStatus(), source, actor})))
                            .onItem().transformToUni(inserted -> {
                                if (inserted.size() == 0) {
                                    return Uni.createFrom().failure(ProblemException.conflict("duplicate-resident",
                                            "A resident with this ID number is already registered"));
                                }
                                long residentId = inserted.iterator().next().getLong(0);
                                return provenance(conn, residentId, r, source, actor)
                                        .onItem().transformToUni(ignored -> auditLog.record(conn, new AuditEntry(actor, role, "CREATE_RESIDENT",
                                                "RESIDENT", residentId, community, "registry entry", null)))
                                        .onItem().transformToUni(ignored -> reader.mainRow(conn, residentId))
                                        .onItem().transformToUni(row -> reader.complete(conn, row, FieldAccess.everything(true)));
                            });
                }));
    }

    /** One provenance row per value entered. */
    private static Uni<Void> provenance(SqlConnection conn, long residentId, NewResident r, String source, long actor) {
        List<String> fields = new ArrayList<>(List.of("name", "sex", "birthDate", "address", "household", "livingStatus"));
        if (r.phone() != null) {
            fields.add("phone");
        }
        return conn.preparedQuery("""
                        INSERT INTO resident_value (resident_id, field, source, entered_by)
                        SELECT $1, f, $3, $4 FROM unnest($2::text[]) AS f""")
                .execute(Tuple.of(residentId, fields.toArray(String[]::new), source, actor))
                .replaceWithVoid();
    }

    /** The resident with this ID number, as a list item, if inside the caller's scope; otherwise 404 (nothing said about existence). */
    public Uni<ResidentListItem> lookup(ResidentIdLookup request, DataScope scope) {
        if (request == null || request.idNumber() == null || !ResidentIdNumber.isValid(IdNumberCipher.normalise(request.idNumber()))) {
            throw ProblemException.invalidField("idNumber", "is not a valid resident ID number");
        }
        Buffer hash = Buffer.buffer(idNumbers.lookupHash(request.idNumber()));
        return pool.preparedQuery("SELECT id FROM resident WHERE id_number_hash = $1").execute(Tuple.of(hash))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("Resident", "with this ID number"));
                    }
                    long id = rows.iterator().next().getLong(0);
                    return search.prepare(ResidentFilter.EVERYONE, scope, "filter")
                            .onItem().transformToUni(prepared -> search.page(prepared, id - 1, 1))
                            .map(items -> {
                                if (items.isEmpty() || items.get(0).id() != id) {
                                    throw ProblemException.notFound("Resident", "with this ID number");
                                }
                                return items.get(0);
                            });
                });
    }
}
