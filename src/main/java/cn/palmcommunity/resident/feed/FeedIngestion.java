package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.IdNumberCipher;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One upload's rows on their way in: bytes become lines, lines records, records checked rows, and
 * checked rows batches. A batch closes when it is full, or before a row about a resident already
 * in it (so a batch never decides twice about one person). Closed batches are written one
 * transaction after another, in order, while the owner goes on reading the next batch (parsing and
 * checking overlap with the database's work); the owner stops reading while a batch is written and
 * the next one already waits ({@link #full()}), so memory holds at most three batches and one network
 * chunk, whatever the file's size.
 */
final class FeedIngestion implements FeedRecords.Sink {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FeedIngestion.class);

    private final FeedBatch.Context ctx;
    private final Pool pool;
    private final ValueWrites writes;
    private final IdNumberCipher cipher;
    private final int batchSize;
    private final FeedText text;
    private final FeedRecords records;
    private final FeedRowRules rules;

    private List<FeedItem> current = new ArrayList<>();
    private final Set<String> currentResidents = new HashSet<>();
    private final Deque<List<FeedItem>> closed = new ArrayDeque<>();
    private List<RowError> pendingErrors = new ArrayList<>();
    private long rejected;
    private boolean writing;
    private Uni<Void> inFlight = Uni.createFrom().voidItem();
    private Runnable room = () -> { };

    FeedIngestion(FeedBatch.Context ctx, FeedRecords.Format format, boolean gbkFirst, Map<String, Long> communities, Pool pool,
                  ValueWrites writes, IdNumberCipher cipher, ObjectMapper json, int batchSize) {
        this.ctx = ctx;
        this.pool = pool;
        this.writes = writes;
        this.cipher = cipher;
        this.batchSize = batchSize;
        this.records = new FeedRecords(format, ctx.kind(), json, this);
        this.text = new FeedText(64 * 1024, gbkFirst, records);
        this.rules = new FeedRowRules(ctx.kind(), communities, cipher, ctx.now().atZoneSameInstant(FeedBatch.CHINA).toLocalDate());
    }

    /** Reads a chunk; throws {@link FeedText.UnreadableUpload} when the upload as a whole cannot be read. */
    void accept(byte[] bytes) {
        text.accept(bytes, 0, bytes.length);
    }

    /** True when batches wait to be written: stop reading and call {@link #writeClosed()}. */
    boolean hasClosedBatches() {
        return !closed.isEmpty() || pendingErrors.size() >= batchSize;
    }

    /** Told whenever a waiting batch starts being written, or all writing is done: reading may go on. */
    void onRoom(Runnable room) {
        this.room = room;
    }

    /** Reading must stop: a batch is being written and the next one (or a batch's worth of rejected rows) waits already. */
    boolean full() {
        return writing && (!closed.isEmpty() || pendingErrors.size() >= batchSize);
    }

    /**
     * Starts writing the closed batches unless that is under way already (it then takes the new ones
     * in turn). A failure goes to {@code failed}; the upload cannot go on after it.
     */
    void writeInBackground(java.util.function.Consumer<Throwable> failed) {
        if (writing || !hasClosedBatches()) {
            return;
        }
        writing = true;
        inFlight = writeClosed().onTermination().invoke(() -> writing = false).memoize().indefinitely();
        inFlight.subscribe().with(ok -> room.run(), failed);
    }

    /** After the end of the stream: waits for the write under way, then writes what is left. */
    Uni<Void> writeRest() {
        return inFlight.chain(this::writeClosed);
    }

    /** The end of the stream: the last line and the last batch. */
    void end() {
        text.finish();
        records.finish();
        close();
    }

    long bytes() {
        return text.bytes();
    }

    String encoding() {
        return text.encoding();
    }

    @Override
    public void record(long row, Map<String, String> fields) {
        FeedRowRules.Checked checked = rules.check(row, fields);
        if (checked.error() != null) {
            rejected(checked.error());
            return;
        }
        FeedItem item = checked.item();
        if (currentResidents.contains(item.residentKey())) {
            close();
        }
        current.add(item);
        currentResidents.add(item.residentKey());
        if (current.size() >= batchSize) {
            close();
        }
    }

    @Override
    public void rejected(RowError error) {
        pendingErrors.add(error);
    }

    private void close() {
        if (!current.isEmpty()) {
            closed.add(current);
            current = new ArrayList<>();
            currentResidents.clear();
        }
    }

    /** Writes every closed batch, one transaction each, in order, with the errors found so far. */
    Uni<Void> writeClosed() {
        List<FeedItem> batch = closed.poll();
        if (batch == null && pendingErrors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FeedItem> items = batch == null ? List.of() : batch;
        List<RowError> errors = pendingErrors;
        pendingErrors = new ArrayList<>();
        room.run();
        long started = System.nanoTime();
        return pool.withTransaction(conn -> new FeedBatch(ctx, writes, cipher).apply(conn, items)
                        .chain(result -> {
                            List<RowError> all = new ArrayList<>(errors);
                            all.addAll(result.errors());
                            rejected += all.size();
                            return conn.preparedQuery("""
                                            WITH errors AS (
                                                INSERT INTO feed_row_error (upload_id, row_number, record_id, field, reason)
                                                SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])
                                                ON CONFLICT DO NOTHING)
                                            UPDATE feed_upload SET rows_read = $6, bytes_read = $7, rows_applied = rows_applied + $8,
                                                   rows_unchanged = rows_unchanged + $9, discrepancies = discrepancies + $10,
                                                   rows_rejected = $11
                                             WHERE id = $1""")
                                    .execute(Tuple.from(new Object[] {ctx.uploadId(),
                                        all.stream().map(RowError::row).toArray(Long[]::new),
                                        all.stream().map(RowError::recordId).toArray(String[]::new),
                                        all.stream().map(RowError::field).toArray(String[]::new),
                                        all.stream().map(e -> e.reason().length() > 300 ? e.reason().substring(0, 300) : e.reason())
                                                .toArray(String[]::new),
                                        records.records(), text.bytes(), result.applied(), result.unchanged(), result.discrepancies(),
                                        rejected}));
                        }))
                .invoke(() -> LOG.debugf("Upload %d: batch of %d rows (%d rejected before) written in %d ms", ctx.uploadId(), items.size(),
                        errors.size(), (System.nanoTime() - started) / 1_000_000))
                .chain(this::writeClosed);
    }
}
