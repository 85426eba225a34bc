package cn.palmcommunity.resident.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Set-based writes of residents' values with their provenance: one statement per kind of change
 * for any number of residents (a feed batch, or the single change of a resolved discrepancy or a
 * survey visit). Each changed value writes its {@code resident_value} row (source, time, author,
 * feed name, record id and version, visit) and marks the record confirmed. Callers give at most one
 * change of a kind per resident in one call.
 */
@ApplicationScoped
public class ValueWrites {

    /** What all changes of one call share: source, time, author (null for feeds) and feed name. */
    public record Stamp(String source, OffsetDateTime at, Long enteredBy, String feedName) {
    }

    /** Where one change came from: a feed record and version, or a visit. */
    public record Origin(String recordId, Long version, Long visitId) {
        static final Origin NONE = new Origin(null, null, null);
    }

    public record StatusChange(long residentId, String status, Origin origin) {
    }

    public record HouseholdChange(long residentId, long communityId, Long gridId, long compoundId, long householdId, String address,
                                  Origin origin) {
    }

    public record TextChange(long residentId, String value, Origin origin) {
    }

    public record TagGive(long residentId, String code, Integer level, String occupation, LocalDate since, Origin origin) {
    }

    public record TagEnd(long residentId, String code, LocalDate until) {
    }

    private final Deaths deaths;

    public ValueWrites(Deaths deaths) {
        this.deaths = deaths;
    }

    /** Living status; a death also stops what depends on the person being alive. */
    public Uni<Void> status(SqlConnection conn, Stamp stamp, List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = changes.stream().map(StatusChange::residentId).toArray(Long[]::new);
        String[] values = changes.stream().map(StatusChange::status).toArray(String[]::new);
        Long[] dead = changes.stream().filter(c -> c.status().equals("DECEASED")).map(StatusChange::residentId).toArray(Long[]::new);
        return column(conn, "living_status", "livingStatus", stamp, ids, values, changes.stream().map(StatusChange::origin).toList())
                .chain(() -> dead.length == 0 ? Uni.createFrom().voidItem() : deaths.stopEverything(conn, dead, stamp.at()));
    }

    public Uni<Void> phone(SqlConnection conn, Stamp stamp, List<TextChange> changes) {
        return text(conn, "phone", "phone", stamp, changes);
    }

    public Uni<Void> education(SqlConnection conn, Stamp stamp, List<TextChange> changes) {
        return text(conn, "education", "education", stamp, changes);
    }

    /** A new home: household, compound, grid, community and the address text, with provenance for address and household. */
    public Uni<Void> household(SqlConnection conn, Stamp stamp, List<HouseholdChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = changes.stream().map(HouseholdChange::residentId).toArray(Long[]::new);
        List<Origin> origins = changes.stream().map(HouseholdChange::origin).toList();
        return conn.preparedQuery("""
                        UPDATE resident r
                           SET community_id = c.community_id, grid_id = c.grid_id, compound_id = c.compound_id, household_id = c.household_id,
                               address = c.address, updated_at = $7, confirmed_at = $7, version = r.version + 1
                          FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[])
                               AS c(id, community_id, grid_id, compound_id, household_id, address)
                         WHERE r.id = c.id""")
                .execute(Tuple.from(new Object[] {ids,
                    changes.stream().map(HouseholdChange::communityId).toArray(Long[]::new),
                    changes.stream().map(HouseholdChange::gridId).toArray(Long[]::new),
                    changes.stream().map(HouseholdChange::compoundId).toArray(Long[]::new),
                    changes.stream().map(HouseholdChange::householdId).toArray(Long[]::new),
                    changes.stream().map(HouseholdChange::address).toArray(String[]::new), stamp.at()}))
                .chain(() -> provenance(conn, "address", stamp, ids, origins))
                .chain(() -> provenance(conn, "household", stamp, ids, origins));
    }

    /** Gives tags; a current row of the same tag is ended the day before (never rewritten). Marks the records confirmed. */
    public Uni<Void> giveTags(SqlConnection conn, Stamp stamp, List<TagGive> gives) {
        return giveTagsUnconfirmed(conn, stamp, gives)
                .chain(() -> confirmRecords(conn, stamp.at(), gives.stream().map(TagGive::residentId).toArray(Long[]::new)));
    }

    /** {@link #giveTags} without marking the records confirmed: a feed batch confirms all its residents in one statement. */
    Uni<Void> giveTagsUnconfirmed(SqlConnection conn, Stamp stamp, List<TagGive> gives) {
        if (gives.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = gives.stream().map(TagGive::residentId).toArray(Long[]::new);
        String[] codes = gives.stream().map(TagGive::code).toArray(String[]::new);
        LocalDate[] since = gives.stream().map(TagGive::since).toArray(LocalDate[]::new);
        // Two statements, not one: the old row must be ended before the new current row is checked
        // against the one-current-row index.
        return conn.preparedQuery("""
                        UPDATE resident_tag t SET until = greatest(t.since, g.since - 1)
                          FROM unnest($1::bigint[], $2::text[], $3::date[]) AS g(resident_id, code, since)
                         WHERE t.resident_id = g.resident_id AND t.tag_code = g.code AND t.until IS NULL""")
                .execute(Tuple.of(ids, codes, since))
                .chain(() -> conn.preparedQuery("""
                        INSERT INTO resident_tag (resident_id, tag_code, level, occupation, since, source, entered_by, entered_at, confirmed_at,
                                                  feed_name, feed_record_id, feed_version)
                        SELECT g.resident_id, g.code, g.level, g.occupation, g.since, $6, $7, $8, $8, $9, g.record_id, g.version
                          FROM unnest($1::bigint[], $2::text[], $3::date[], $4::smallint[], $5::text[], $10::text[], $11::bigint[])
                               AS g(resident_id, code, since, level, occupation, record_id, version)""")
                .execute(Tuple.from(new Object[] {ids, codes, since,
                    gives.stream().map(g -> g.level() == null ? null : g.level().shortValue()).toArray(Short[]::new),
                    gives.stream().map(TagGive::occupation).toArray(String[]::new),
                    stamp.source(), stamp.enteredBy(), stamp.at(), stamp.feedName(),
                    gives.stream().map(g -> g.origin().recordId()).toArray(String[]::new),
                    gives.stream().map(g -> g.origin().version()).toArray(Long[]::new)})))
                .replaceWithVoid();
    }

    /** Ends current tag rows; marks the records confirmed. */
    public Uni<Void> endTags(SqlConnection conn, Stamp stamp, List<TagEnd> ends) {
        return endTagsUnconfirmed(conn, ends)
                .chain(() -> confirmRecords(conn, stamp.at(), ends.stream().map(TagEnd::residentId).toArray(Long[]::new)));
    }

    Uni<Void> endTagsUnconfirmed(SqlConnection conn, List<TagEnd> ends) {
        if (ends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = ends.stream().map(TagEnd::residentId).toArray(Long[]::new);
        return conn.preparedQuery("""
                        UPDATE resident_tag t SET until = greatest(t.since, e.until)
                          FROM unnest($1::bigint[], $2::text[], $3::date[]) AS e(resident_id, code, until)
                         WHERE t.resident_id = e.resident_id AND t.tag_code = e.code AND t.until IS NULL""")
                .execute(Tuple.of(ids, ends.stream().map(TagEnd::code).toArray(String[]::new),
                        ends.stream().map(TagEnd::until).toArray(LocalDate[]::new)))
                .replaceWithVoid();
    }

    /** Someone checked that these tag rows still hold. */
    public Uni<Void> confirmTags(SqlConnection conn, OffsetDateTime at, Long[] tagRowIds) {
        if (tagRowIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE resident_tag SET confirmed_at = $2 WHERE id = ANY($1)")
                .execute(Tuple.of(tagRowIds, at)).replaceWithVoid();
    }

    /** The records as a whole were confirmed now (a feed agreed, a worker checked). */
    public Uni<Void> confirmRecords(SqlConnection conn, OffsetDateTime at, Long[] residentIds) {
        if (residentIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE resident SET confirmed_at = greatest(confirmed_at, $2) WHERE id = ANY($1)")
                .execute(Tuple.of(residentIds, at)).replaceWithVoid();
    }

    private Uni<Void> text(SqlConnection conn, String column, String field, Stamp stamp, List<TextChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return column(conn, column, field, stamp, changes.stream().map(TextChange::residentId).toArray(Long[]::new),
                changes.stream().map(TextChange::value).toArray(String[]::new), changes.stream().map(TextChange::origin).toList());
    }

    /** {@code column} is one of our own column names, never input. */
    private Uni<Void> column(SqlConnection conn, String column, String field, Stamp stamp, Long[] ids, String[] values, List<Origin> origins) {
        return conn.preparedQuery("UPDATE resident r SET " + column + " = c.value, updated_at = $3, confirmed_at = $3, version = r.version + 1"
                        + " FROM unnest($1::bigint[], $2::text[]) AS c(id, value) WHERE r.id = c.id")
                .execute(Tuple.of(ids, values, stamp.at()))
                .chain(() -> provenance(conn, field, stamp, ids, origins));
    }

    private static Uni<Void> provenance(SqlConnection conn, String field, Stamp stamp, Long[] ids, List<Origin> origins) {
        return conn.preparedQuery("""
                        INSERT INTO resident_value (resident_id, field, source, recorded_at, entered_by, feed_name, feed_record_id, feed_version, visit_id)
                        SELECT u.id, $2, $3, $4, $5, $6, u.record_id, u.version, u.visit_id
                          FROM unnest($1::bigint[], $7::text[], $8::text[], $9::bigint[]) AS u(id, record_id, version, visit_id)
                        ON CONFLICT (resident_id, field) DO UPDATE
                           SET source = EXCLUDED.source, recorded_at = EXCLUDED.recorded_at, entered_by = EXCLUDED.entered_by,
                               feed_name = EXCLUDED.feed_name, feed_record_id = EXCLUDED.feed_record_id,
                               feed_version = EXCLUDED.feed_version, visit_id = EXCLUDED.visit_id""")
                .execute(Tuple.from(new Object[] {ids, field, stamp.source(), stamp.at(), stamp.enteredBy(), stamp.feedName(),
                    origins.stream().map(Origin::recordId).toArray(String[]::new),
                    origins.stream().map(o -> o.version() == null ? null : o.version().toString()).toArray(String[]::new),
                    origins.stream().map(Origin::visitId).toArray(Long[]::new)}))
                .replaceWithVoid();
    }
}
