package cn.palmcommunity.resident;

import cn.palmcommunity.privacy.Masking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/** Reads one resident's record, cut to what a {@link FieldAccess} allows. */
@ApplicationScoped
public class ResidentReader {

    /** The main row; callers check the scope on community_id and grid_id before going on. */
    static final String RECORD_SQL = """
            SELECT r.id, r.name, r.id_number_cipher, r.sex, r.birth_date, r.phone, r.community_id, c.name AS community_name,
                   r.grid_id, r.compound_id, cp.name AS compound_name, h.building, h.unit, h.room, r.household_id,
                   r.address, r.living_status, r.source
              FROM resident r
              JOIN community c ON c.id = r.community_id
              LEFT JOIN compound cp ON cp.id = r.compound_id
              LEFT JOIN household h ON h.id = r.household_id
             WHERE r.id = $1""";

    private final IdNumberCipher idNumbers;

    public ResidentReader(IdNumberCipher idNumbers) {
        this.idNumbers = idNumbers;
    }

    /** The main row, or null. */
    public Uni<Row> mainRow(SqlClient conn, long residentId) {
        return conn.preparedQuery(RECORD_SQL).execute(Tuple.of(residentId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /** Completes a main row with tags and provenance. */
    public Uni<ResidentRecord> complete(SqlClient conn, Row row, FieldAccess access) {
        long id = row.getLong("id");
        Uni<List<ResidentTagView>> tags = conn.preparedQuery("""
                        SELECT t.id, t.tag_code, d.name, t.level, t.occupation, t.since, t.until, t.source, t.entered_by,
                               t.entered_at, t.confirmed_at
                          FROM resident_tag t JOIN tag_definition d ON d.code = t.tag_code
                         WHERE t.resident_id = $1 AND t.until IS NULL
                         ORDER BY t.tag_code""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<ResidentTagView> out = new ArrayList<>();
                    for (Row t : rows) {
                        if (access.seesTag(t.getString("tag_code"))) {
                            out.add(tagView(t));
                        }
                    }
                    return out;
                });
        Uni<List<ValueProvenance>> provenance = conn.preparedQuery("""
                        SELECT field, source, recorded_at, entered_by FROM resident_value WHERE resident_id = $1 ORDER BY field""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<ValueProvenance> out = new ArrayList<>();
                    for (Row v : rows) {
                        String field = v.getString("field");
                        boolean visible = switch (field) {
                            case "phone" -> access.phone();
                            case "address" -> access.address();
                            case "household" -> access.household();
                            default -> true;
                        };
                        if (visible) {
                            out.add(new ValueProvenance(field, v.getString("source"), v.getOffsetDateTime("recorded_at"), v.getLong("entered_by")));
                        }
                    }
                    return out;
                });
        return tags.onItem().transformToUni(t -> provenance.map(p -> toRecord(row, access, t, p)));
    }

    static ResidentTagView tagView(Row t) {
        return new ResidentTagView(t.getLong("id"), t.getString("tag_code"), t.getString("name"),
                t.getInteger("level"), t.getString("occupation"), t.getLocalDate("since"), t.getLocalDate("until"),
                t.getString("source"), t.getLong("entered_by"), t.getOffsetDateTime("entered_at"), t.getOffsetDateTime("confirmed_at"));
    }

    private ResidentRecord toRecord(Row row, FieldAccess access, List<ResidentTagView> tags, List<ValueProvenance> provenance) {
        LocalDate birth = row.getLocalDate("birth_date");
        String phone = row.getString("phone");
        boolean household = access.household();
        return new ResidentRecord(row.getLong("id"), row.getString("name"),
                idNumbers.masked(row.getBuffer("id_number_cipher").getBytes()),
                row.getString("sex"), birth, Period.between(birth, LocalDate.now(ResidentService.CHINA)).getYears(),
                access.phone() ? Masking.phone(phone) : null,
                access.phone() && access.fullPhone() ? phone : null,
                row.getLong("community_id"), row.getString("community_name"), row.getLong("grid_id"),
                household ? row.getLong("compound_id") : null, household ? row.getString("compound_name") : null,
                household ? row.getString("building") : null, household ? row.getString("unit") : null,
                household ? row.getString("room") : null, household ? row.getLong("household_id") : null,
                access.address() ? row.getString("address") : null,
                row.getString("living_status"), row.getString("source"), tags, provenance);
    }
}
