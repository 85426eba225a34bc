package cn.palmcommunity.resident.feed;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.resident.feed.ValueWrites.Origin;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciliation (比对核准): the open discrepancies of the caller's communities, their counts, and a
 * worker's resolution. Confirming the feed applies its value with the feed's provenance; confirming
 * the community keeps the recorded value and marks it confirmed now. A resolution is one
 * transaction, audited, and takes effect only on the version the worker saw.
 */
@ApplicationScoped
public class Discrepancies {

    private static final String SELECT = """
            SELECT d.id, d.resident_id, r.name AS resident_name, d.community_id, d.field, d.community_value, d.community_source,
                   d.community_recorded_at, d.feed_value, d.source, d.feed, d.feed_record_id, d.feed_version, d.status, d.created_at,
                   d.resolved_at, d.resolved_by, d.resolution_note, d.version
              FROM resident_discrepancy d JOIN resident r ON r.id = d.resident_id""";

    private final Pool pool;
    private final ValueWrites writes;
    private final AuditLog auditLog;
    private final Clock clock;

    public Discrepancies(Pool pool, ValueWrites writes, AuditLog auditLog, Clock clock) {
        this.pool = pool;
        this.writes = writes;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public Uni<List<DiscrepancyView>> open(DataScope scope, Long community, String field, long after, int limit) {
        if (community != null) {
            scope.requireCommunity(community);
        }
        return pool.preparedQuery(SELECT + "\n" + """
                         WHERE d.status = 'OPEN' AND ($1::bigint[] IS NULL OR d.community_id = ANY($1))
                           AND ($2::bigint IS NULL OR d.community_id = $2) AND ($3::text IS NULL OR d.field = $3) AND d.id > $4
                         ORDER BY d.id LIMIT $5""")
                .execute(Tuple.from(new Object[] {scope.communityFilter(), community, field, after, limit}))
                .map(rows -> {
                    List<DiscrepancyView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    public Uni<List<DiscrepancyCount>> counts(DataScope scope) {
        return pool.preparedQuery("""
                        SELECT d.community_id, c.name, count(*) AS open
                          FROM resident_discrepancy d JOIN community c ON c.id = d.community_id
                         WHERE d.status = 'OPEN' AND ($1::bigint[] IS NULL OR d.community_id = ANY($1))
                         GROUP BY d.community_id, c.name ORDER BY open DESC, d.community_id""")
                .execute(Tuple.of((Object) scope.communityFilter()))
                .map(rows -> {
                    List<DiscrepancyCount> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new DiscrepancyCount(r.getLong(0), r.getString(1), r.getLong(2))));
                    return out;
                });
    }

    public Uni<DiscrepancyView> resolve(long id, DiscrepancyResolution request, DataScope scope) {
        if (request == null || request.keep() == null || !(request.keep().equals("FEED") || request.keep().equals("COMMUNITY"))) {
            throw ProblemException.invalidField("keep", "must be FEED or COMMUNITY");
        }
        if (request.version() == null) {
            throw ProblemException.invalidField("version", "is required: the version you saw");
        }
        if (request.note() != null && request.note().length() > 500) {
            throw ProblemException.invalidField("note", "at most 500 characters");
        }
        long actor = scope.accountId();
        String role = scope.role().name();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                SELECT id, resident_id, community_id, field, feed_change, source, feed, feed_record_id, feed_version, status, version
                                  FROM resident_discrepancy WHERE id = $1 FOR UPDATE""")
                        .execute(Tuple.of(id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("Discrepancy", id);
                            }
                            Row d = rows.iterator().next();
                            scope.requireCommunity(d.getLong("community_id"));
                            if (!d.getString("status").equals("OPEN")) {
                                throw ProblemException.conflict("discrepancy-resolved", "Discrepancy " + id + " was resolved already ("
                                        + d.getString("status") + ")");
                            }
                            if (d.getInteger("version") != request.version().intValue()) {
                                throw ProblemException.conflict("stale-version", "Discrepancy " + id + " changed since you read it (version "
                                        + d.getInteger("version") + "); read it again");
                            }
                            long resident = d.getLong("resident_id");
                            Uni<Void> effect = request.keep().equals("FEED")
                                    ? applyFeedSide(conn, d, actor, now)
                                    : keepCommunitySide(conn, resident, d.getString("field"), actor, now);
                            return effect
                                    .chain(() -> conn.preparedQuery("""
                                                    UPDATE resident_discrepancy
                                                       SET status = $2, resolved_at = $3, resolved_by = $4, resolution_note = $5, version = version + 1
                                                     WHERE id = $1""")
                                            .execute(Tuple.of(id, request.keep().equals("FEED") ? "FEED_CONFIRMED" : "COMMUNITY_CONFIRMED", now,
                                                    actor, request.note())))
                                    .chain(() -> auditLog.record(conn, new AuditEntry(actor, role, "RESOLVE_DISCREPANCY", "RESIDENT", resident,
                                            d.getLong("community_id"), "reconciliation: kept the " + request.keep().toLowerCase(java.util.Locale.ROOT)
                                                    + " value of " + d.getString("field"), null)));
                        })
                        .chain(() -> conn.preparedQuery(SELECT + " WHERE d.id = $1").execute(Tuple.of(id))))
                .map(rows -> view(rows.iterator().next()));
    }

    private Uni<Void> applyFeedSide(SqlConnection conn, Row d, long actor, OffsetDateTime now) {
        long resident = d.getLong("resident_id");
        JsonObject change = (JsonObject) d.getValue("feed_change");
        Origin origin = new Origin(d.getString("feed_record_id"), d.getLong("feed_version"), null);
        ValueWrites.Stamp stamp = new ValueWrites.Stamp("DEPARTMENT_FEED", now, actor, d.getString("source") + "/" + d.getString("feed"));
        return switch (change.getString("type")) {
            case "STATUS" -> writes.status(conn, stamp, List.of(new ValueWrites.StatusChange(resident, change.getString("livingStatus"), origin)));
            case "PHONE" -> writes.phone(conn, stamp, List.of(new ValueWrites.TextChange(resident, change.getString("value"), origin)));
            case "EDUCATION" -> writes.education(conn, stamp, List.of(new ValueWrites.TextChange(resident, change.getString("value"), origin)));
            case "TAG" -> change.getString("action").equals("GIVE")
                    ? writes.giveTags(conn, stamp, List.of(new ValueWrites.TagGive(resident, change.getString("tag"), change.getInteger("level"),
                            null, LocalDate.parse(change.getString("day")), origin)))
                    : writes.endTags(conn, stamp, List.of(new ValueWrites.TagEnd(resident, change.getString("tag"),
                            LocalDate.parse(change.getString("day")).minusDays(1))));
            case "HOUSEHOLD" -> conn.preparedQuery("""
                            INSERT INTO household (compound_id, building, unit, room) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (compound_id, building, unit, room) DO UPDATE SET building = EXCLUDED.building RETURNING id""")
                    .execute(Tuple.of(change.getLong("compoundId"), change.getString("building"),
                            change.getString("unit") == null ? "" : change.getString("unit"), change.getString("room")))
                    .chain(rows -> writes.household(conn, stamp, List.of(new ValueWrites.HouseholdChange(resident,
                            change.getLong("communityId"), change.getLong("gridId"), change.getLong("compoundId"),
                            rows.iterator().next().getLong(0), change.getString("address"), origin))));
            default -> throw new IllegalStateException("unknown change " + change.getString("type"));
        };
    }

    /** The recorded value stands: a worker confirmed it now. */
    private Uni<Void> keepCommunitySide(SqlConnection conn, long resident, String field, long actor, OffsetDateTime now) {
        Uni<Void> confirm = field.startsWith("tag:")
                ? conn.preparedQuery("UPDATE resident_tag SET confirmed_at = $3 WHERE resident_id = $1 AND tag_code = $2 AND until IS NULL")
                        .execute(Tuple.of(resident, field.substring(4), now)).replaceWithVoid()
                : conn.preparedQuery("""
                                UPDATE resident_value SET source = 'COMMUNITY_SURVEY', recorded_at = $3, entered_by = $4,
                                       feed_name = NULL, feed_record_id = NULL, feed_version = NULL
                                 WHERE resident_id = $1 AND field = $2""")
                        .execute(Tuple.of(resident, field, now, actor)).replaceWithVoid();
        return confirm.chain(() -> writes.confirmRecords(conn, now, new Long[] {resident}));
    }

    private static DiscrepancyView view(Row r) {
        return new DiscrepancyView(r.getLong("id"), r.getLong("resident_id"), r.getString("resident_name"), r.getLong("community_id"),
                r.getString("field"), r.getString("community_value"), r.getString("community_source"),
                r.getOffsetDateTime("community_recorded_at"), r.getString("feed_value"), r.getString("source"), r.getString("feed"),
                r.getString("feed_record_id"), r.getLong("feed_version"), r.getString("status"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("resolved_at"), r.getLong("resolved_by"), r.getString("resolution_note"), r.getInteger("version"));
    }
}
