package cn.palmcommunity.resident.feed;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.export.CsvTableWriter;
import cn.palmcommunity.export.TableWriter;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Upload records: announcing one, following it, its error report. */
@ApplicationScoped
public class FeedUploads {

    static final String COLUMNS = """
            id, feed, source, format, file_name, status, encoding, bytes_read, rows_read, rows_applied, rows_unchanged, rows_rejected,
            discrepancies, failure, created_at, started_at, finished_at""";
    private static final int ERROR_PAGE = 1000;

    private final Pool pool;
    private final Clock clock;

    public FeedUploads(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<FeedUploadView> create(NewFeedUpload request, DataScope scope) {
        if (request == null || request.feed() == null) {
            throw ProblemException.invalidField("feed", "is required");
        }
        FeedKind kind;
        try {
            kind = FeedKind.valueOf(request.feed().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("feed", "must be one of " + java.util.Arrays.toString(FeedKind.values()));
        }
        if (request.fileName() != null && request.fileName().length() > 200) {
            throw ProblemException.invalidField("fileName", "at most 200 characters");
        }
        String department = scope.department().orElse(null);
        if (!kind.uploadableBy(department)) {
            throw ProblemException.forbidden(kind + " records are uploaded by " + kind.departments() + ", not by " + department);
        }
        return pool.preparedQuery("INSERT INTO feed_upload (feed, source, file_name, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5)"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(kind.name(), department, request.fileName(), scope.accountId(), OffsetDateTime.now(clock)))
                .map(rows -> view(rows.iterator().next()));
    }

    /** The upload if the caller may follow it: its own department's, or any for district staff; otherwise 404. */
    public Uni<FeedUploadView> get(long id, DataScope scope) {
        return get(id, scope.role(), scope.department().orElse(null));
    }

    public Uni<FeedUploadView> get(long id, Role role, String department) {
        return visible(pool, id, role, department).map(FeedUploads::view);
    }

    public Uni<FeedRowErrorView> errors(long id, long after, int limit, DataScope scope) {
        return visible(pool, id, scope).chain(ignored -> pool.preparedQuery("""
                        SELECT row_number, record_id, field, reason FROM feed_row_error
                         WHERE upload_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3""")
                .execute(Tuple.of(id, after, limit + 1)))
                .map(rows -> {
                    List<FeedRowErrorView.Item> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(new FeedRowErrorView.Item(r.getLong(0), r.getString(1), r.getString(2), r.getString(3)));
                    }
                    Long next = null;
                    if (items.size() > limit) {
                        items.remove(items.size() - 1);
                        next = items.get(items.size() - 1).row();
                    }
                    return new FeedRowErrorView(items, next);
                });
    }

    /** The whole error report as CSV, read page by page (never whole in memory). */
    public Uni<Multi<byte[]>> errorsCsv(long id, DataScope scope) {
        return visible(pool, id, scope).map(ignored -> {
            TableWriter writer = new CsvTableWriter();
            Multi<byte[]> pages = Multi.createBy().repeating()
                    .uni(() -> new long[] {0}, last -> pool.preparedQuery("""
                                    SELECT row_number, record_id, field, reason FROM feed_row_error
                                     WHERE upload_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3""")
                            .execute(Tuple.of(id, last[0], ERROR_PAGE))
                            .map(rows -> {
                                List<List<Object>> out = new ArrayList<>();
                                for (Row r : rows) {
                                    last[0] = r.getLong(0);
                                    out.add(java.util.Arrays.asList(r.getLong(0), r.getString(1), r.getString(2), r.getString(3)));
                                }
                                return out;
                            }))
                    .whilst(page -> page.size() == ERROR_PAGE)
                    .map(writer::rows);
            return Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(writer.header(List.of("row", "record_id", "field", "reason"))),
                    pages,
                    Multi.createFrom().item(writer::finish));
        });
    }

    static Uni<Row> visible(SqlClient client, long id, DataScope scope) {
        return visible(client, id, scope.role(), scope.department().orElse(null));
    }

    static Uni<Row> visible(SqlClient client, long id, Role role, String department) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM feed_upload WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Upload", id);
                    }
                    Row row = rows.iterator().next();
                    boolean district = role == Role.DISTRICT_ADMIN || role == Role.DISTRICT_STAFF;
                    if (!district && !row.getString("source").equals(department)) {
                        throw ProblemException.notFound("Upload", id);
                    }
                    return row;
                });
    }

    static FeedUploadView view(Row r) {
        return new FeedUploadView(r.getLong("id"), r.getString("feed"), r.getString("source"), r.getString("format"),
                r.getString("file_name"), r.getString("status"), r.getString("encoding"), r.getLong("bytes_read"), r.getLong("rows_read"),
                r.getLong("rows_applied"), r.getLong("rows_unchanged"), r.getLong("rows_rejected"), r.getLong("discrepancies"),
                r.getString("failure"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("started_at"),
                r.getOffsetDateTime("finished_at"));
    }
}
