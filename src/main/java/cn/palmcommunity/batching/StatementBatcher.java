package cn.palmcommunity.batching;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends many callers' one-row statements to the database together: as one statement over arrays, or as
 * one pipelined batch (a round trip and a transaction) of the single-row statement, as the caller's
 * {@code statement} function chooses.
 *
 * <p>Each statement costs the database a round trip, a parse-bind-execute and a commit, whatever its
 * size; for a one-row insert that overhead is most of the work. Here at most {@code maxInFlight}
 * statements run at a time; callers arriving meanwhile wait, and when a statement returns, the
 * waiting callers (up to {@code maxBatch}) go together in the next one. A lone caller goes at once,
 * so nothing waits for a timer, and the groups grow only as the load does.
 *
 * <p>The statement answers one result per item, in the items' order. If it fails, every item of the
 * group is tried again on its own, so one bad item fails only its own caller. Items with the same
 * {@code sameRow} key never share a statement (an upsert may not touch one row twice). Each caller's
 * answer is delivered on the Vert.x context it asked from.
 */
public final class StatementBatcher<I, O> {

    private static final Logger LOG = Logger.getLogger(StatementBatcher.class);

    private final String name;
    private final Function<List<I>, Uni<List<O>>> statement;
    private final Function<I, Object> sameRow;
    private final int maxBatch;
    private final int maxInFlight;
    private final ArrayDeque<Waiting<I, O>> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param name       for logs
     * @param statement  runs one statement for the items and answers their results in the same order
     * @param sameRow    a key per item; items with equal keys go in different statements ({@code null}: no such rule)
     * @param maxBatch   the most items in one statement
     * @param maxInFlight how many statements may run at once
     */
    public StatementBatcher(String name, Function<List<I>, Uni<List<O>>> statement, Function<I, Object> sameRow,
                            int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.name = name;
        this.statement = statement;
        this.sameRow = sameRow;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    /** The item's result, once the statement carrying it has run. */
    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                waiting.add(new Waiting<>(item, emitter, Vertx.currentContext()));
            }
            sendNext();
        });
    }

    private void sendNext() {
        List<Waiting<I, O>> group;
        synchronized (this) {
            if (inFlight >= maxInFlight || waiting.isEmpty()) {
                return;
            }
            group = takeGroup();
            inFlight++;
        }
        send(group, true);
    }

    /** The oldest waiting items, up to maxBatch, leaving behind any that would touch a row already in the group. */
    private List<Waiting<I, O>> takeGroup() {
        List<Waiting<I, O>> group = new ArrayList<>(Math.min(maxBatch, waiting.size()));
        Set<Object> rows = sameRow == null ? null : new HashSet<>();
        for (Iterator<Waiting<I, O>> it = waiting.iterator(); it.hasNext() && group.size() < maxBatch; ) {
            Waiting<I, O> next = it.next();
            if (rows == null || rows.add(sameRow.apply(next.item()))) {
                group.add(next);
                it.remove();
            }
        }
        return group;
    }

    /**
     * Sends the group and answers its callers. A group taken from the waiting line holds one of the
     * in-flight places until answered; after a failed group, each item goes again on its own, outside
     * the limit (this is rare).
     */
    private void send(List<Waiting<I, O>> group, boolean holdsPlace) {
        List<I> items = group.stream().map(Waiting::item).toList();
        Uni.createFrom().deferred(() -> statement.apply(items)).subscribe().with(results -> {
            if (holdsPlace) {
                finished();
            }
            if (results.size() != group.size()) {
                IllegalStateException wrong = new IllegalStateException(name + ": " + results.size() + " results for " + group.size() + " items");
                group.forEach(w -> w.fail(wrong));
                return;
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).succeed(results.get(i));
            }
        }, failure -> {
            if (holdsPlace) {
                finished();
            }
            if (group.size() == 1) {
                group.get(0).fail(failure);
                return;
            }
            LOG.debugf("%s: a statement of %d items failed (%s); each is tried on its own", name, group.size(), failure.toString());
            for (Waiting<I, O> w : group) {
                send(List.of(w), false);
            }
        });
    }

    private void finished() {
        synchronized (this) {
            inFlight--;
        }
        sendNext();
    }

    private record Waiting<I, O>(I item, UniEmitter<? super O> emitter, Context context) {
        void succeed(O result) {
            if (context == null || context == Vertx.currentContext()) {
                emitter.complete(result);
            } else {
                context.runOnContext(ignored -> emitter.complete(result));
            }
        }

        void fail(Throwable failure) {
            if (context == null || context == Vertx.currentContext()) {
                emitter.fail(failure);
            } else {
                context.runOnContext(ignored -> emitter.fail(failure));
            }
        }
    }
}
