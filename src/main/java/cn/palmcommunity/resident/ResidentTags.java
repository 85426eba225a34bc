package cn.palmcommunity.resident;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tag definitions and residents' tags. A tag row is never rewritten: a change of level or
 * occupation ends the current row and starts a new one; the same tag given again only confirms it.
 */
@ApplicationScoped
public class ResidentTags {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");
    private static final Set<String> OCCUPATIONS = Set.of("DELIVERY_RIDER", "COURIER", "DRIVER", "LIVE_STREAMER", "OTHER");
    private static final String TAG_SELECT = """
            SELECT t.id, t.tag_code, d.name, t.level, t.occupation, t.since, t.until, t.source, t.entered_by, t.entered_at, t.confirmed_at
              FROM resident_tag t JOIN tag_definition d ON d.code = t.tag_code""";

    private final Pool pool;
    private final AuditLog auditLog;

    public ResidentTags(Pool pool, AuditLog auditLog) {
        this.pool = pool;
        this.auditLog = auditLog;
    }

    public Uni<List<TagDefinitionView>> definitions() {
        return pool.query("SELECT code, name, description, detail, sensitive, active FROM tag_definition ORDER BY code").execute()
                .map(rows -> {
                    List<TagDefinitionView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(definition(r)));
                    return out;
                });
    }

    public Uni<TagDefinitionView> define(TagDefinitionView d, DataScope scope) {
        if (d == null || d.code() == null || !CODE.matcher(d.code()).matches()) {
            throw ProblemException.invalidField("code", "upper-case letters, digits and _, starting with a letter, 2-40 characters");
        }
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 40) {
            throw ProblemException.invalidField("name", "1-40 characters");
        }
        String detail = d.detail() == null ? "NONE" : d.detail();
        if (!Set.of("NONE", "LEVEL", "OCCUPATION").contains(detail)) {
            throw ProblemException.invalidField("detail", "must be NONE, LEVEL or OCCUPATION");
        }
        return pool.preparedQuery("""
                        INSERT INTO tag_definition (code, name, description, detail, sensitive, created_by) VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (code) DO NOTHING
                        RETURNING code, name, description, detail, sensitive, active""")
                .execute(Tuple.from(new Object[] {d.code(), d.name().strip(), d.description(), detail,
                    Boolean.TRUE.equals(d.sensitive()), scope.accountId()}))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.conflict("duplicate-tag", "Tag " + d.code() + " exists already");
                    }
                    return definition(rows.iterator().next());
                });
    }

    /** Gives a tag, confirms it when it holds already with the same detail, or replaces a different detail. */
    public Uni<ResidentTagView> give(long residentId, NewResidentTag t, DataScope scope) {
        if (t == null || t.code() == null) {
            throw ProblemException.invalidField("code", "is required");
        }
        LocalDate today = LocalDate.now(ResidentService.CHINA);
        LocalDate since = t.since() == null ? today : t.since();
        if (since.isAfter(today)) {
            throw ProblemException.invalidField("since", "must not lie in the future");
        }
        String source = t.source() == null ? "COMMUNITY_SURVEY" : t.source();
        if (!Set.of("COMMUNITY_SURVEY", "SELF_REPORT").contains(source)) {
            throw ProblemException.invalidField("source", "must be COMMUNITY_SURVEY or SELF_REPORT");
        }
        if (t.occupation() != null && !OCCUPATIONS.contains(t.occupation())) {
            throw ProblemException.invalidField("occupation", "must be one of " + OCCUPATIONS);
        }
        long actor = scope.accountId();
        return pool.withTransaction(conn -> requireInScope(conn, residentId, scope)
                .onItem().transformToUni(ignored -> conn.preparedQuery("SELECT detail FROM tag_definition WHERE code = $1 AND active")
                        .execute(Tuple.of(t.code())))
                .onItem().transformToUni(defs -> {
                    if (defs.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.invalidField("code", "unknown tag " + t.code()));
                    }
                    String detail = defs.iterator().next().getString(0);
                    Integer level = detail.equals("LEVEL") ? t.level() : null;
                    String occupation = detail.equals("OCCUPATION") ? t.occupation() : null;
                    if (detail.equals("LEVEL") && (level == null || level < 1 || level > 4)) {
                        return Uni.createFrom().failure(ProblemException.invalidField("level", "1-4 is required for " + t.code()));
                    }
                    if (detail.equals("OCCUPATION") && occupation == null) {
                        return Uni.createFrom().failure(ProblemException.invalidField("occupation", "is required for " + t.code()));
                    }
                    return conn.preparedQuery("""
                                    SELECT id, level, occupation FROM resident_tag
                                     WHERE resident_id = $1 AND tag_code = $2 AND until IS NULL FOR UPDATE""")
                            .execute(Tuple.of(residentId, t.code()))
                            .onItem().transformToUni(current -> {
                                if (current.size() > 0) {
                                    Row c = current.iterator().next();
                                    if (java.util.Objects.equals(c.getInteger("level"), level)
                                            && java.util.Objects.equals(c.getString("occupation"), occupation)) {
                                        return conn.preparedQuery("UPDATE resident_tag SET confirmed_at = now() WHERE id = $1")
                                                .execute(Tuple.of(c.getLong("id"))).replaceWith(c.getLong("id"));
                                    }
                                    return conn.preparedQuery("UPDATE resident_tag SET until = greatest(since, $2::date) WHERE id = $1")
                                            .execute(Tuple.of(c.getLong("id"), since.minusDays(1)))
                                            .onItem().transformToUni(x -> insert(conn, residentId, t.code(), level, occupation, since, source, actor));
                                }
                                return insert(conn, residentId, t.code(), level, occupation, since, source, actor);
                            });
                })
                .onItem().transformToUni(id -> conn.preparedQuery(TAG_SELECT + " WHERE t.id = $1").execute(Tuple.of(id)))
                .map(rows -> ResidentReader.tagView(rows.iterator().next())));
    }

    /** Ends the current tag on a day (today when absent). */
    public Uni<ResidentTagView> end(long residentId, String code, LocalDate until, DataScope scope) {
        LocalDate day = until == null ? LocalDate.now(ResidentService.CHINA) : until;
        return pool.withTransaction(conn -> requireInScope(conn, residentId, scope)
                .onItem().transformToUni(ignored -> conn.preparedQuery("""
                                UPDATE resident_tag SET until = greatest(since, $3::date)
                                 WHERE resident_id = $1 AND tag_code = $2 AND until IS NULL RETURNING id""")
                        .execute(Tuple.of(residentId, code, day)))
                .onItem().transformToUni(rows -> rows.size() == 0
                        ? Uni.createFrom().failure(ProblemException.notFound("Current tag", code))
                        : conn.preparedQuery(TAG_SELECT + " WHERE t.id = $1").execute(Tuple.of(rows.iterator().next().getLong(0))))
                .map(rows -> ResidentReader.tagView(rows.iterator().next())));
    }

    /** Every tag row the resident ever had; a read of personal data, so with a purpose and logged. */
    public Uni<List<ResidentTagView>> history(long residentId, String purpose, DataScope scope, FieldAccess access) {
        long actor = scope.accountId();
        String role = scope.role().name();
        return pool.withTransaction(conn -> requireInScope(conn, residentId, scope)
                .onItem().transformToUni(community -> auditLog.record(conn, new AuditEntry(actor, role, "READ_TAG_HISTORY", "RESIDENT",
                        residentId, community, purpose, null)))
                .onItem().transformToUni(ignored -> conn.preparedQuery(TAG_SELECT + " WHERE t.resident_id = $1 ORDER BY t.tag_code, t.since, t.id")
                        .execute(Tuple.of(residentId)))
                .map(rows -> {
                    List<ResidentTagView> out = new ArrayList<>();
                    for (Row r : rows) {
                        if (access.seesTag(r.getString("tag_code"))) {
                            out.add(ResidentReader.tagView(r));
                        }
                    }
                    return out;
                }));
    }

    public Uni<VisitView> visit(long residentId, NewVisit v, DataScope scope) {
        OffsetDateTime at = v == null || v.visitedAt() == null ? OffsetDateTime.now(ResidentService.CHINA) : v.visitedAt();
        if (at.isAfter(OffsetDateTime.now().plusMinutes(5))) {
            throw ProblemException.invalidField("visitedAt", "must not lie in the future");
        }
        String note = v == null ? null : v.note();
        if (note != null && note.length() > 500) {
            throw ProblemException.invalidField("note", "at most 500 characters");
        }
        long actor = scope.accountId();
        return pool.withTransaction(conn -> requireInScope(conn, residentId, scope)
                .onItem().transformToUni(ignored -> conn.preparedQuery("""
                                INSERT INTO resident_visit (resident_id, visited_at, visited_by, note) VALUES ($1, $2, $3, $4)
                                RETURNING id, visited_at""")
                        .execute(Tuple.of(residentId, at, actor, note)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new VisitView(r.getLong("id"), residentId, r.getOffsetDateTime("visited_at"), note);
                }));
    }

    private static Uni<Long> insert(SqlConnection conn, long residentId, String code, Integer level, String occupation,
                                    LocalDate since, String source, long actor) {
        return conn.preparedQuery("""
                        INSERT INTO resident_tag (resident_id, tag_code, level, occupation, since, source, entered_by)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                .execute(Tuple.from(new Object[] {residentId, code, level, occupation, since, source, actor}))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** 404 for unknown residents, 403 outside the scope; answers the resident's community. */
    static Uni<Long> requireInScope(SqlConnection conn, long residentId, DataScope scope) {
        return conn.preparedQuery("SELECT community_id, grid_id FROM resident WHERE id = $1").execute(Tuple.of(residentId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Resident", residentId);
                    }
                    Row r = rows.iterator().next();
                    if (!scope.covers(r.getLong(0)) || !scope.coversGrid(r.getLong(1))) {
                        throw ProblemException.forbidden("Resident " + residentId + " lives outside your data scope");
                    }
                    return r.getLong(0);
                });
    }

    private static TagDefinitionView definition(Row r) {
        return new TagDefinitionView(r.getString("code"), r.getString("name"), r.getString("description"), r.getString("detail"),
                r.getBoolean("sensitive"), r.getBoolean("active"));
    }
}
