package cn.palmcommunity.batching;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grouping, ordering, the same-row rule and the fallback after a failed group, without a database. */
class StatementBatcherTest {

    /** A statement whose answer the test releases by hand, so that it decides what is in flight. */
    private static final class HeldStatement {
        final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        final List<UniEmitter<? super List<String>>> pending = Collections.synchronizedList(new ArrayList<>());

        Uni<List<String>> run(List<String> items) {
            groups.add(List.copyOf(items));
            return Uni.createFrom().emitter(pending::add);
        }

        /** Answers the oldest statement still pending with each item upper-cased. */
        void answerOldest() {
            UniEmitter<? super List<String>> emitter = pending.remove(0);
            List<String> items = groups.get(groups.size() - pending.size() - 1);
            emitter.complete(items.stream().map(String::toUpperCase).toList());
        }
    }

    private static CompletableFuture<String> submit(StatementBatcher<String, String> batcher, String item) {
        return batcher.submit(item).subscribeAsCompletionStage().toCompletableFuture();
    }

    @Test
    void aLoneItemGoesAtOnceAndLaterOnesWaitToGoTogether() throws Exception {
        HeldStatement statement = new HeldStatement();
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", statement::run, null, 3, 1);

        CompletableFuture<String> a = submit(batcher, "a");
        assertEquals(List.of(List.of("a")), statement.groups, "nothing waits for company when nothing is in flight");

        List<CompletableFuture<String>> later = new ArrayList<>();
        for (String item : List.of("b", "c", "d", "e")) {
            later.add(submit(batcher, item));
        }
        assertEquals(1, statement.groups.size(), "the others wait while the one statement allowed is running");

        statement.answerOldest();
        assertEquals("A", a.get(1, TimeUnit.SECONDS));
        assertEquals(List.of("b", "c", "d"), statement.groups.get(1), "the waiting items go together, oldest first, at most three");
        statement.answerOldest();
        assertEquals(List.of("e"), statement.groups.get(2));
        statement.answerOldest();
        assertEquals(List.of("B", "C", "D", "E"), later.stream().map(f -> f.getNow("missing")).toList(), "each caller gets its own result");
    }

    @Test
    void itemsForTheSameRowNeverShareAStatement() {
        HeldStatement statement = new HeldStatement();
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", statement::run, item -> item.charAt(0), 10, 1);

        submit(batcher, "first");
        submit(batcher, "x1");
        submit(batcher, "y1");
        submit(batcher, "x2");
        submit(batcher, "z1");
        statement.answerOldest();
        assertEquals(List.of("x1", "y1", "z1"), statement.groups.get(1), "x2 would touch x1's row");
        statement.answerOldest();
        assertEquals(List.of("x2"), statement.groups.get(2));
    }

    @Test
    void twoStatementsMayRunAtOnce() {
        HeldStatement statement = new HeldStatement();
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", statement::run, null, 10, 2);

        submit(batcher, "a");
        submit(batcher, "b");
        submit(batcher, "c");
        assertEquals(List.of(List.of("a"), List.of("b")), statement.groups);
        statement.answerOldest();
        assertEquals(List.of("c"), statement.groups.get(2));
    }

    @Test
    void afterAFailedGroupEachItemIsTriedAloneSoOnlyTheBadOneFails() throws Exception {
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        HeldStatement first = new HeldStatement();
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", items -> {
            groups.add(List.copyOf(items));
            if (items.size() == 1 && items.get(0).equals("hold")) {
                return first.run(items);
            }
            if (items.contains("bad")) {
                return Uni.createFrom().failure(new IllegalArgumentException("bad row"));
            }
            return Uni.createFrom().item(items.stream().map(String::toUpperCase).toList());
        }, null, 10, 1);

        submit(batcher, "hold");
        CompletableFuture<String> good = submit(batcher, "good");
        CompletableFuture<String> bad = submit(batcher, "bad");
        CompletableFuture<String> fine = submit(batcher, "fine");
        first.answerOldest();

        assertEquals("GOOD", good.get(1, TimeUnit.SECONDS));
        assertEquals("FINE", fine.get(1, TimeUnit.SECONDS));
        assertTrue(bad.isCompletedExceptionally());
        assertInstanceOf(IllegalArgumentException.class, bad.handle((v, e) -> e.getCause() == null ? e : e.getCause()).get());
        assertEquals(List.of(List.of("hold"), List.of("good", "bad", "fine"), List.of("good"), List.of("bad"), List.of("fine")), groups);
    }

    @Test
    void aStatementAnsweringTheWrongNumberOfResultsFailsItsCallersAndTheNextGroupStillRuns() throws Exception {
        HeldStatement held = new HeldStatement();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", items -> {
            sizes.add(items.size());
            if (items.get(0).equals("hold")) {
                return held.run(items);
            }
            return Uni.createFrom().item(items.size() == 2 ? List.of("only one") : items);
        }, null, 2, 1);

        submit(batcher, "hold");
        CompletableFuture<String> a = submit(batcher, "a");
        CompletableFuture<String> b = submit(batcher, "b");
        CompletableFuture<String> c = submit(batcher, "c");
        held.answerOldest();

        assertTrue(a.isCompletedExceptionally());
        assertTrue(b.isCompletedExceptionally());
        assertEquals("c", c.get(1, TimeUnit.SECONDS), "the slot was given back");
        assertEquals(List.of(1, 2, 1), sizes);
    }
}
