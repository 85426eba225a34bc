package cn.palmcommunity.resident;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.resident.feed.ValueWrites;
import cn.palmcommunity.resident.feed.ValueWrites.Origin;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Community survey (街居摸排): a worker updates a resident from a home visit. Every value written
 * carries source COMMUNITY_SURVEY, the worker, the time and the visit; the record counts as
 * confirmed now; the change is audit-logged. One transaction.
 */
@ApplicationScoped
public class ResidentSurveys {

    private static final Pattern PHONE = Pattern.compile("1\\d{10}|0\\d{2,3}-?\\d{7,8}");
    private static final Set<String> LIVING = Set.of("LIVING", "DECEASED", "MOVED_OUT");
    private static final Set<String> OCCUPATIONS = Set.of("DELIVERY_RIDER", "COURIER", "DRIVER", "LIVE_STREAMER", "OTHER");

    private final Pool pool;
    private final ValueWrites writes;
    private final AuditLog auditLog;
    private final Clock clock;

    public ResidentSurveys(Pool pool, ValueWrites writes, AuditLog auditLog, Clock clock) {
        this.pool = pool;
        this.writes = writes;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public Uni<SurveyResult> record(long residentId, SurveyUpdate update, DataScope scope) {
        SurveyUpdate u = update == null ? new SurveyUpdate(null, null, null, null, null, null) : update;
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime visited = u.visitedAt() == null ? now : u.visitedAt();
        if (visited.isAfter(now.plusMinutes(5))) {
            throw ProblemException.invalidField("visitedAt", "must not lie in the future");
        }
        if (u.note() != null && u.note().length() > 500) {
            throw ProblemException.invalidField("note", "at most 500 characters");
        }
        if (u.phone() != null && !PHONE.matcher(u.phone().strip()).matches()) {
            throw ProblemException.invalidField("phone", "must be a mobile (11 digits from 1) or a landline with area code");
        }
        if (u.livingStatus() != null && !LIVING.contains(u.livingStatus())) {
            throw ProblemException.invalidField("livingStatus", "must be one of LIVING, DECEASED, MOVED_OUT");
        }
        if (u.home() != null) {
            if (u.home().compoundId() == null) {
                throw ProblemException.invalidField("home.compoundId", "is required");
            }
            part("home.building", u.home().building(), true);
            part("home.unit", u.home().unit(), false);
            part("home.room", u.home().room(), true);
        }
        List<SurveyUpdate.TagFinding> tags = u.tags() == null ? List.of() : u.tags();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            SurveyUpdate.TagFinding t = tags.get(i);
            if (t == null || t.code() == null || t.holds() == null) {
                throw ProblemException.invalidField("tags[" + i + "]", "code and holds are required");
            }
            if (!codes.add(t.code())) {
                throw ProblemException.invalidField("tags[" + i + "].code", "appears twice");
            }
            if (t.occupation() != null && !OCCUPATIONS.contains(t.occupation())) {
                throw ProblemException.invalidField("tags[" + i + "].occupation", "must be one of " + OCCUPATIONS);
            }
        }
        long actor = scope.accountId();
        String role = scope.role().name();
        LocalDate today = now.atZoneSameInstant(ResidentService.CHINA).toLocalDate();
        List<String> recorded = new ArrayList<>();
        return pool.withTransaction(conn -> ResidentTags.requireInScope(conn, residentId, scope)
                .chain(community -> conn.preparedQuery("""
                                INSERT INTO resident_visit (resident_id, visited_at, visited_by, note) VALUES ($1, $2, $3, $4) RETURNING id""")
                        .execute(Tuple.of(residentId, visited, actor, u.note()))
                        .map(rows -> rows.iterator().next().getLong(0))
                        .chain(visit -> {
                            ValueWrites.Stamp stamp = new ValueWrites.Stamp("COMMUNITY_SURVEY", now, actor, null);
                            Origin origin = new Origin(null, null, visit);
                            Uni<Void> work = Uni.createFrom().voidItem();
                            if (u.phone() != null) {
                                recorded.add("phone");
                                work = work.chain(() -> writes.phone(conn, stamp,
                                        List.of(new ValueWrites.TextChange(residentId, u.phone().strip(), origin))));
                            }
                            if (u.home() != null) {
                                recorded.add("household");
                                work = work.chain(() -> home(conn, residentId, u.home(), scope, stamp, origin));
                            }
                            if (u.livingStatus() != null) {
                                recorded.add("livingStatus");
                                work = work.chain(() -> writes.status(conn, stamp,
                                        List.of(new ValueWrites.StatusChange(residentId, u.livingStatus(), origin))));
                            }
                            for (int i = 0; i < tags.size(); i++) {
                                SurveyUpdate.TagFinding t = tags.get(i);
                                String field = "tags[" + i + "]";
                                recorded.add("tag:" + t.code());
                                work = work.chain(() -> tag(conn, residentId, t, field, stamp, origin, today));
                            }
                            return work
                                    .chain(() -> writes.confirmRecords(conn, now, new Long[] {residentId}))
                                    .chain(() -> auditLog.record(conn, new AuditEntry(actor, role, "SURVEY_UPDATE", "RESIDENT", residentId,
                                            community, "home visit survey", null)))
                                    .map(ignored -> new SurveyResult(residentId, visit, now, List.copyOf(recorded)));
                        })));
    }

    private Uni<Void> home(SqlConnection conn, long residentId, SurveyUpdate.Home home, DataScope scope, ValueWrites.Stamp stamp, Origin origin) {
        String unit = home.unit() == null ? "" : home.unit().strip();
        return conn.preparedQuery("SELECT community_id, grid_id, name FROM compound WHERE id = $1").execute(Tuple.of(home.compoundId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("home.compoundId", "unknown compound " + home.compoundId());
                    }
                    Row c = rows.iterator().next();
                    if (!scope.covers(c.getLong("community_id")) || !scope.coversGrid(c.getLong("grid_id"))) {
                        throw ProblemException.forbidden("Compound " + home.compoundId() + " lies outside your data scope");
                    }
                    String address = c.getString("name") + home.building().strip() + "号楼" + (unit.isEmpty() ? "" : unit + "单元")
                            + home.room().strip() + "室";
                    return conn.preparedQuery("""
                                    INSERT INTO household (compound_id, building, unit, room) VALUES ($1, $2, $3, $4)
                                    ON CONFLICT (compound_id, building, unit, room) DO UPDATE SET building = EXCLUDED.building RETURNING id""")
                            .execute(Tuple.of(home.compoundId(), home.building().strip(), unit, home.room().strip()))
                            .chain(h -> writes.household(conn, stamp, List.of(new ValueWrites.HouseholdChange(residentId,
                                    c.getLong("community_id"), c.getLong("grid_id"), home.compoundId(), h.iterator().next().getLong(0),
                                    address, origin))));
                });
    }

    /** A tag found to hold is confirmed when its detail is unchanged, else given anew; one found not to hold is ended yesterday. */
    private Uni<Void> tag(SqlConnection conn, long residentId, SurveyUpdate.TagFinding t, String field, ValueWrites.Stamp stamp, Origin origin,
                          LocalDate today) {
        return conn.preparedQuery("SELECT detail FROM tag_definition WHERE code = $1 AND active").execute(Tuple.of(t.code()))
                .chain(defs -> {
                    if (defs.size() == 0) {
                        throw ProblemException.invalidField(field + ".code", "unknown tag " + t.code());
                    }
                    String detail = defs.iterator().next().getString(0);
                    Integer level = detail.equals("LEVEL") ? t.level() : null;
                    String occupation = detail.equals("OCCUPATION") ? t.occupation() : null;
                    if (t.holds() && detail.equals("LEVEL") && (level == null || level < 1 || level > 4)) {
                        throw ProblemException.invalidField(field + ".level", "1-4 is required for " + t.code());
                    }
                    if (t.holds() && detail.equals("OCCUPATION") && occupation == null) {
                        throw ProblemException.invalidField(field + ".occupation", "is required for " + t.code());
                    }
                    return conn.preparedQuery("""
                                    SELECT id, level, occupation FROM resident_tag
                                     WHERE resident_id = $1 AND tag_code = $2 AND until IS NULL FOR UPDATE""")
                            .execute(Tuple.of(residentId, t.code()))
                            .chain(current -> {
                                Row c = current.size() == 0 ? null : current.iterator().next();
                                if (!t.holds()) {
                                    return c == null ? Uni.createFrom().voidItem()
                                            : writes.endTags(conn, stamp, List.of(new ValueWrites.TagEnd(residentId, t.code(), today.minusDays(1))));
                                }
                                if (c != null && java.util.Objects.equals(c.getInteger("level"), level)
                                        && java.util.Objects.equals(c.getString("occupation"), occupation)) {
                                    return writes.confirmTags(conn, stamp.at(), new Long[] {c.getLong("id")});
                                }
                                return writes.giveTags(conn, stamp, List.of(new ValueWrites.TagGive(residentId, t.code(), level, occupation,
                                        today, origin)));
                            });
                });
    }

    private static void part(String field, String value, boolean required) {
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
}
