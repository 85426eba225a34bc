package cn.palmcommunity.eligibility;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of this instance's latest full sweep, for the status endpoint and its event stream.
 * Counters are updated by the sweep as each statement returns; readers take snapshots.
 */
@ApplicationScoped
public class SweepProgress {

    private final Clock clock;
    private volatile boolean running;
    private volatile OffsetDateTime startedAt;
    private volatile OffsetDateTime finishedAt;
    private volatile LocalDate evaluationDay;
    private volatile String outcome = "NONE";
    private volatile String detail;
    private volatile int policiesTotal;
    private final AtomicLong policiesDone = new AtomicLong();
    private volatile long residents;
    private final AtomicLong rowsExamined = new AtomicLong();
    private final AtomicLong leadsAdded = new AtomicLong();
    private final AtomicLong leadsClosed = new AtomicLong();

    public SweepProgress(Clock clock) {
        this.clock = clock;
    }

    /** Claims the sweep for this instance; false when one is already running here. */
    synchronized boolean begin() {
        if (running) {
            return false;
        }
        running = true;
        startedAt = OffsetDateTime.now(clock);
        finishedAt = null;
        evaluationDay = null;
        outcome = "RUNNING";
        detail = null;
        policiesTotal = 0;
        residents = 0;
        policiesDone.set(0);
        rowsExamined.set(0);
        leadsAdded.set(0);
        leadsClosed.set(0);
        return true;
    }

    void plan(LocalDate day, int policies, long residentCount) {
        evaluationDay = day;
        policiesTotal = policies;
        residents = residentCount;
    }

    void examined(long rows, long added) {
        rowsExamined.addAndGet(rows);
        leadsAdded.addAndGet(added);
    }

    void policyDone(long closed) {
        leadsClosed.addAndGet(closed);
        policiesDone.incrementAndGet();
    }

    synchronized void end(String outcome, String detail) {
        this.outcome = outcome;
        this.detail = detail;
        finishedAt = OffsetDateTime.now(clock);
        running = false;
    }

    public boolean running() {
        return running;
    }

    public SweepStatusView snapshot() {
        return new SweepStatusView(running, outcome, startedAt, finishedAt, evaluationDay, policiesTotal, (int) policiesDone.get(),
                residents, rowsExamined.get(), leadsAdded.get(), leadsClosed.get(), detail);
    }
}
