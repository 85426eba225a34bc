package cn.palmcommunity.petition;

import cn.palmcommunity.petition.PetitionViews.TimelineEntry;
import cn.palmcommunity.privacy.Masking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Turns petition rows into the views handlers and residents see. */
@ApplicationScoped
public class PetitionReader {

    /** How long after resolution a resident may still reopen. */
    static final Duration REOPEN_WINDOW = Duration.ofDays(7);

    static final String SELECT_FULL = """
            SELECT p.*, ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon,
                   c.name_zh AS category_name, co.name AS community_name, a.display_name AS reporter_name,
                   (SELECT count(*) FROM petition_cosigner pc WHERE pc.petition_id = p.id) AS cosigners,
                   (SELECT coalesce(array_agg(pp.photo_id::text ORDER BY pp.position), '{}') FROM petition_photo pp
                     WHERE pp.petition_id = p.id AND pp.kind = 'SUBMISSION') AS photo_ids,
                   (SELECT coalesce(array_agg(pp.photo_id::text ORDER BY pp.position), '{}') FROM petition_photo pp
                     WHERE pp.petition_id = p.id AND pp.kind = 'RESULT') AS result_photo_ids
              FROM petition p
              JOIN petition_category c ON c.code = p.category_code
              JOIN community co ON co.id = p.community_id
              LEFT JOIN account a ON a.id = p.reporter_id
            """;

    public Uni<Row> row(SqlClient client, long id) {
        return client.preparedQuery(SELECT_FULL + " WHERE p.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    public Uni<List<TimelineEntry>> timeline(SqlClient client, long id, boolean includeInternal) {
        return client.preparedQuery("""
                        SELECT at, action, from_status, to_status, note, actor_role, internal FROM petition_event
                         WHERE petition_id = $1 AND ($2 OR NOT internal) ORDER BY id""")
                .execute(Tuple.of(id, includeInternal))
                .map(rows -> {
                    List<TimelineEntry> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new TimelineEntry(r.getOffsetDateTime("at"), r.getString("action"), r.getString("from_status"),
                                r.getString("to_status"), r.getString("note"), r.getString("actor_role"),
                                includeInternal ? r.getBoolean("internal") : null));
                    }
                    return out;
                });
    }

    static PetitionViews.Petition staffView(Row r, List<TimelineEntry> timeline) {
        boolean anonymous = r.getBoolean("anonymous");
        Double lat = r.getDouble("lat");
        String phone = r.getString("contact_phone");
        return new PetitionViews.Petition(r.getLong("id"), r.getString("channel"), r.getString("category_code"),
                r.getString("category_name"), r.getString("status"), r.getString("body"), anonymous,
                anonymous ? null : r.getString("reporter_name") != null ? r.getString("reporter_name") : r.getString("contact_name"),
                anonymous ? null : Masking.phone(phone),
                lat == null ? null : new PetitionViews.Point(lat, r.getDouble("lon")),
                r.getString("address"), r.getLong("community_id"), r.getString("community_name"), r.getLong("grid_id"),
                r.getOffsetDateTime("submitted_at"), r.getOffsetDateTime("accept_due_at"), r.getOffsetDateTime("accepted_at"),
                r.getLong("handler_id"), r.getString("dispatch_target_type"), r.getString("dispatch_target"),
                r.getOffsetDateTime("resolve_due_at"), r.getOffsetDateTime("resolved_at"), r.getString("result_text"),
                r.getInteger("rating"), r.getString("rating_comment"), r.getValue("overdue_since") != null,
                r.getString("escalation_level"), r.getInteger("urge_count"), r.getBoolean("supervised"),
                r.getInteger("cosigners"), r.getLong("merged_into"), r.getString("reject_reason"), r.getInteger("reopen_count"),
                r.getInteger("version"), photos(r, "photo_ids"), photos(r, "result_photo_ids"), timeline);
    }

    private static List<String> photos(Row r, String column) {
        String[] ids = r.getArrayOfStrings(column);
        return ids == null ? List.of() : List.of(ids);
    }

    static PetitionViews.MyPetition residentView(Row r, long accountId, List<TimelineEntry> timeline) {
        PetitionStatus status = PetitionStatus.valueOf(r.getString("status"));
        OffsetDateTime resolvedAt = r.getOffsetDateTime("resolved_at");
        boolean reporter = r.getLong("reporter_id") != null && r.getLong("reporter_id") == accountId;
        OffsetDateTime reopenUntil = reporter && resolvedAt != null && (status == PetitionStatus.RESOLVED || status == PetitionStatus.VISITED)
                ? resolvedAt.plus(REOPEN_WINDOW) : null;
        if (reopenUntil != null && reopenUntil.isBefore(OffsetDateTime.now())) {
            reopenUntil = null;
        }
        return new PetitionViews.MyPetition(r.getLong("id"), r.getString("category_code"), r.getString("category_name"),
                status.name(), r.getString("body"), r.getString("address"), r.getOffsetDateTime("submitted_at"),
                r.getString("result_text"), r.getInteger("rating"), reporter,
                reporter && status == PetitionStatus.RESOLVED, reopenUntil, r.getLong("merged_into"),
                photos(r, "photo_ids"), photos(r, "result_photo_ids"), timeline);
    }

    /** The columns {@link #summary} reads, in its order (the inbox selects exactly these). */
    static final String SUMMARY_COLUMNS = "id, category_code, status, left(body, 61) AS body, channel, community_id, grid_id, submitted_at, "
            + "accept_due_at, resolve_due_at, overdue_since, escalation_level, urge_count, handler_id, version";

    /** A row of {@link #SUMMARY_COLUMNS}, read by position: a page of the inbox reads 300 fields, and a lookup by name scans the names. */
    static PetitionViews.Summary summary(Row r) {
        String body = r.getString(3);
        return new PetitionViews.Summary(r.getLong(0), r.getString(1), r.getString(2),
                body.length() > 60 ? body.substring(0, 60) + "…" : body, r.getString(4), r.getLong(5),
                r.getLong(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8),
                r.getOffsetDateTime(9), r.getValue(10) != null, r.getString(11),
                r.getInteger(12), r.getLong(13), r.getInteger(14));
    }
}
