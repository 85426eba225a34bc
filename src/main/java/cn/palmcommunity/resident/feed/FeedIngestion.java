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
 * checked rows batches. Rows are dealt to lanes by resident (a resident's rows always share a lane,
 * in file order), and each lane writes its batches one transaction after another while the other
 * lanes write theirs and the owner goes on reading: parsing, checking and the database's work on
 * the lanes overlap. A batch closes when it is full, or before a row about a resident already in
 * it (so a batch never decides twice about one person). The owner stops reading while a lane
 * writes a batch and its next one already waits ({@link #full()}), so memory holds at most three
 * batches a lane and one network chunk, whatever the file's size.
 *
 * <p>Lanes are independent except where two rows of different residents meet: the same record id
 * and version under two ID numbers, or (in any feed) a record another upload applies at the same
 * moment. The ledger insert then finds the key taken; the batch rolls back and is decided again on
 * what the other committed, as after a deadlock between lanes (e.g. two deaths freeing places on
 * one volunteer task).
 */
final class FeedIngestion implements FeedRecords.Sink {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FeedIngestion.class);
    private static final int ATTEMPTS = 4;

    private final FeedBatch.Context ctx;
    private final Pool pool;
    private final ValueWrites writes;
    private final IdNumberCipher cipher;
    private final int batchSize;
    private final FeedText text;
    private final FeedRecords records;
    private final FeedRowRules rules;
    private final Lane[] lanes;

    private List<RowError> pendingErrors = new ArrayList<>();
    private Runnable room = () -> { };
    private boolean ended;

    FeedIngestion(FeedBatch.Context ctx, FeedRecords.Format format, boolean gbkFirst, Map<String, Long> communities, Pool pool,
                  ValueWrites writes, IdNumberCipher cipher, ObjectMapper json, int batchSize, int laneCount) {
        this.ctx = ctx;
        this.pool = pool;
        this.writes = writes;
        this.cipher = cipher;
        this.batchSize = batchSize;
        this.records = new FeedRecords(format, ctx.kind(), json, this);
        this.text = new FeedText(64 * 1024, gbkFirst, records);
        this.rules = new FeedRowRules(ctx.kind(), communities, cipher, ctx.now().atZoneSameInstant(FeedBatch.CHINA).toLocalDate());
        this.lanes = new Lane[Math.max(1, laneCount)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
    }

    /** Reads a chunk; throws {@link FeedText.UnreadableUpload} when the upload as a whole cannot be read. */
    void accept(byte[] bytes) {
        text.accept(bytes, 0, bytes.length);
    }

    /** Told whenever a waiting batch starts being written, or a lane is done writing: reading may go on. */
    void onRoom(Runnable room) {
        this.room = room;
    }

    /** Reading must stop: a lane writes a batch and its next one (or a batch's worth of rejected rows) waits already. */
    boolean full() {
        boolean writing = false;
        for (Lane lane : lanes) {
            if (lane.writing && !lane.closed.isEmpty()) {
                return true;
            }
            writing |= lane.writing;
        }
        return writing && pendingErrors.size() >= batchSize;
    }

    /**
     * Starts writing on every lane with a closed batch (or, on the first, a batch's worth of rejected
     * rows) that is not writing already; a lane writing takes its new batches in turn. A failure goes
     * to {@code failed}; the upload cannot go on after it.
     */
    void writeInBackground(java.util.function.Consumer<Throwable> failed) {
        for (Lane lane : lanes) {
            boolean work = !lane.closed.isEmpty() || (lane == lanes[0] && pendingErrors.size() >= batchSize);
            if (!lane.writing && work) {
                lane.writing = true;
                lane.inFlight = lane.writeClosed().onTermination().invoke(() -> lane.writing = false).memoize().indefinitely();
                lane.inFlight.subscribe().with(ok -> room.run(), failed);
            }
        }
    }

    /** After the end of the stream: waits for the writes under way, writes what is left, then any last rejected rows. */
    Uni<Void> writeRest() {
        List<Uni<Void>> rest = new ArrayList<>();
        for (Lane lane : lanes) {
            rest.add(lane.inFlight.chain(lane::writeClosed));
        }
        return Uni.join().all(rest).andFailFast().chain(() -> lanes[0].writeClosed());
    }

    /** The end of the stream: the last line and the last batches. */
    void end() {
        ended = true;
        text.finish();
        records.finish();
        for (Lane lane : lanes) {
            lane.close();
        }
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
        lanes[Math.floorMod(java.util.Arrays.hashCode(item.idHash()), lanes.length)].add(item);
    }

    @Override
    public void rejected(RowError error) {
        pendingErrors.add(error);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof FeedBatch.LedgerTaken
                || failure instanceof io.vertx.pgclient.PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    private final class Lane {
        final int number;
        List<FeedItem> current = new ArrayList<>();
        final Set<String> currentResidents = new HashSet<>();
        final Deque<List<FeedItem>> closed = new ArrayDeque<>();
        boolean writing;
        Uni<Void> inFlight = Uni.createFrom().voidItem();

        Lane(int number) {
            this.number = number;
        }

        void add(FeedItem item) {
            String resident = item.residentKey();
            if (currentResidents.contains(resident)) {
                close();
            }
            current.add(item);
            currentResidents.add(resident);
            if (current.size() >= batchSize) {
                close();
            }
        }

        void close() {
            if (!current.isEmpty()) {
                closed.add(current);
                current = new ArrayList<>();
                currentResidents.clear();
            }
        }

        /** Writes every closed batch of this lane, one transaction each, in order, with the rejected rows found so far. */
        Uni<Void> writeClosed() {
            List<FeedItem> batch = closed.poll();
            // Rejected rows ride with the next batch; alone only when a batch's worth waits, or at the end.
            if (batch == null && (pendingErrors.isEmpty() || (!ended && pendingErrors.size() < batchSize))) {
                return Uni.createFrom().voidItem();
            }
            List<FeedItem> items = batch == null ? List.of() : batch;
            List<RowError> errors = pendingErrors;
            pendingErrors = new ArrayList<>();
            room.run();
            return write(items, errors, 1).chain(this::writeClosed);
        }

        private Uni<Void> write(List<FeedItem> items, List<RowError> errors, int attempt) {
            long started = System.nanoTime();
            return pool.withTransaction(conn -> new FeedBatch(ctx, writes, cipher).apply(conn, items)
                            .chain(result -> {
                                List<RowError> all = new ArrayList<>(errors);
                                all.addAll(result.errors());
                                // Increments and maxima: the lanes' transactions commit in any order.
                                return conn.preparedQuery("""
                                                WITH errors AS (
                                                    INSERT INTO feed_row_error (upload_id, row_number, record_id, field, reason)
                                                    SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])
                                                    ON CONFLICT DO NOTHING)
                                                UPDATE feed_upload SET rows_read = greatest(rows_read, $6), bytes_read = greatest(bytes_read, $7),
                                                       rows_applied = rows_applied + $8, rows_unchanged = rows_unchanged + $9,
                                                       discrepancies = discrepancies + $10, rows_rejected = rows_rejected + $11
                                                 WHERE id = $1""")
                                        .execute(Tuple.from(new Object[] {ctx.uploadId(),
                                            all.stream().map(RowError::row).toArray(Long[]::new),
                                            all.stream().map(RowError::recordId).toArray(String[]::new),
                                            all.stream().map(RowError::field).toArray(String[]::new),
                                            all.stream().map(e -> e.reason().length() > 300 ? e.reason().substring(0, 300) : e.reason())
                                                    .toArray(String[]::new),
                                            records.records(), text.bytes(), result.applied(), result.unchanged(), result.discrepancies(),
                                            (long) all.size()}));
                            }))
                    .invoke(() -> LOG.debugf("Upload %d: batch of %d rows (lane %d, %d rejected before) written in %d ms", ctx.uploadId(),
                            items.size(), number, errors.size(), (System.nanoTime() - started) / 1_000_000))
                    .replaceWithVoid()
                    .onFailure(failure -> retryable(failure) && attempt < ATTEMPTS).recoverWithUni(failure -> {
                        LOG.debugf("Upload %d: batch of %d rows (lane %d) decided again: %s", ctx.uploadId(), items.size(), number,
                                failure.getMessage());
                        return write(items, errors, attempt + 1);
                    });
        }
    }
}
