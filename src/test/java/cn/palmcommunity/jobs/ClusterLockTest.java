package cn.palmcommunity.jobs;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first run of a job is held open on a future the test completes, so the overlap with the
 * second call is certain rather than a matter of timing. The waits below only bound a broken test.
 */
@QuarkusTest
class ClusterLockTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    ClusterLock lock;

    private static String jobName() {
        return "test-" + UUID.randomUUID();
    }

    /** Starts a run of {@code job} that holds the lock until {@code release} completes. */
    private CompletableFuture<Optional<String>> holdOpen(String job, CompletableFuture<String> release) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Optional<String>> result = lock.runExclusively(job, () -> {
            started.complete(null);
            return Uni.createFrom().completionStage(release);
        }).subscribeAsCompletionStage();
        started.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        return result;
    }

    @Test
    void runningTellsWhetherAJobHoldsItsLockAnywhere() throws Exception {
        String job = jobName();
        assertEquals(false, lock.running(job).await().atMost(BOUND));
        CompletableFuture<String> release = new CompletableFuture<>();
        CompletableFuture<Optional<String>> run = holdOpen(job, release);
        assertEquals(true, lock.running(job).await().atMost(BOUND));
        assertEquals(false, lock.running(jobName()).await().atMost(BOUND), "another job's name is not running");
        release.complete("done");
        run.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(false, lock.running(job).await().atMost(BOUND));
    }

    @Test
    void aSecondRunOfTheSameJobIsSkippedWhileTheFirstHoldsTheLock() throws Exception {
        String job = jobName();
        CompletableFuture<String> release = new CompletableFuture<>();
        CompletableFuture<Optional<String>> first = holdOpen(job, release);

        AtomicInteger secondRan = new AtomicInteger();
        Optional<String> second = lock.runExclusively(job, () -> {
            secondRan.incrementAndGet();
            return Uni.createFrom().item("second");
        }).await().atMost(BOUND);
        assertTrue(second.isEmpty());
        assertEquals(0, secondRan.get(), "the second run must not start its work");
        assertTrue(!first.isDone(), "the first run is still holding the lock");

        release.complete("first");
        assertEquals(Optional.of("first"), first.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        // Released: the job can run again.
        assertEquals(Optional.of("third"), lock.runExclusively(job, () -> Uni.createFrom().item("third")).await().atMost(BOUND));
    }

    @Test
    void differentJobsRunAtTheSameTime() throws Exception {
        CompletableFuture<String> release = new CompletableFuture<>();
        CompletableFuture<Optional<String>> first = holdOpen(jobName(), release);

        Optional<String> other = lock.runExclusively(jobName(), () -> Uni.createFrom().item("other")).await().atMost(BOUND);
        assertEquals(Optional.of("other"), other);
        assertTrue(!first.isDone());

        release.complete("first");
        assertEquals(Optional.of("first"), first.get(BOUND.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aFailedRunReleasesTheLock() {
        String job = jobName();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> lock.runExclusively(job,
                () -> Uni.createFrom().<String>failure(new IllegalStateException("boom"))).await().atMost(BOUND));
        assertEquals("boom", thrown.getMessage());
        assertEquals(Optional.of("after failure"), lock.runExclusively(job, () -> Uni.createFrom().item("after failure")).await().atMost(BOUND));

        // Work that throws before it even returns a Uni is a failure too, and releases the lock as well.
        assertThrows(IllegalArgumentException.class, () -> lock.runExclusively(job, () -> {
            throw new IllegalArgumentException("thrown eagerly");
        }).await().atMost(BOUND));
        assertEquals(Optional.of("again"), lock.runExclusively(job, () -> Uni.createFrom().item("again")).await().atMost(BOUND));
    }

    @Test
    void aCancelledRunReleasesTheLock() throws Exception {
        String job = jobName();
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<Optional<String>> first = holdOpen(job, never);
        first.cancel(true);
        // The release runs asynchronously after the cancellation; retry until the lock is free.
        Optional<String> next = Optional.empty();
        for (int attempt = 0; attempt < 200 && next.isEmpty(); attempt++) {
            next = lock.runExclusively(job, () -> Uni.createFrom().item("next")).await().atMost(BOUND);
            if (next.isEmpty()) {
                Thread.sleep(50);
            }
        }
        assertEquals(Optional.of("next"), next);
    }

    @Test
    void lockKeysAreStableAndDistinct() {
        assertEquals(ClusterLock.lockKey("petition-escalation"), ClusterLock.lockKey("petition-escalation"));
        assertNotEquals(ClusterLock.lockKey("petition-escalation"), ClusterLock.lockKey("petition-reminders"));
    }
}
