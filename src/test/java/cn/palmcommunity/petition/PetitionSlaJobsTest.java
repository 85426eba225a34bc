package cn.palmcommunity.petition;

import cn.palmcommunity.jobs.ClusterLock;
import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.PetitionFixtures.act;
import static cn.palmcommunity.petition.PetitionFixtures.file;
import static cn.palmcommunity.petition.PetitionFixtures.inCommunity;
import static cn.palmcommunity.petition.PetitionFixtures.workerOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionSlaJobsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PetitionSlaJobs jobs;

    @Inject
    ClusterLock lock;

    private void sweep() {
        assertTrue(jobs.runOnce().await().atMost(Duration.ofSeconds(30)).isPresent());
    }

    private long events(long id, String action) {
        return fixtures.count("SELECT count(*) FROM petition_event WHERE petition_id = $1 AND action = $2", id, action);
    }

    @Test
    void anUnacceptedPetitionGoesOverdueIsUrgedAndEscalatesStepByStep() {
        long id = file(Fixtures.residentToken(), inCommunity("NOISE", "凌晨施工", 80));
        fixtures.sql("UPDATE petition SET accept_due_at = now() - interval '1 minute' WHERE id = $1", id);
        sweep();
        assertEquals(1, events(id, "OVERDUE"));
        assertEquals(1, events(id, "URGE"));
        assertEquals("COMMUNITY", fixtures.sql("SELECT escalation_level FROM petition WHERE id = $1", id).iterator().next().getString(0));

        sweep();
        assertEquals(1, events(id, "OVERDUE"), "a second sweep adds nothing");
        assertEquals(1, events(id, "URGE"), "urged again only after a day");

        fixtures.sql("UPDATE petition SET overdue_since = now() - interval '25 hours', last_urged_at = now() - interval '25 hours' WHERE id = $1", id);
        sweep();
        assertEquals("STREET", fixtures.sql("SELECT escalation_level FROM petition WHERE id = $1", id).iterator().next().getString(0));
        assertEquals(2, events(id, "URGE"));
        fixtures.sql("UPDATE petition SET overdue_since = now() - interval '73 hours' WHERE id = $1", id);
        sweep();
        assertEquals("DISTRICT", fixtures.sql("SELECT escalation_level FROM petition WHERE id = $1", id).iterator().next().getString(0));
        assertEquals(2, events(id, "ESCALATE"));
    }

    @Test
    void acceptingInTimeClearsNothingAndResolvingAsksForARatingOnce() {
        long id = file(Fixtures.residentToken(), inCommunity("GREENING", "树倒了", 81));
        String worker = workerOf(fixtures, 81);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        sweep();
        assertEquals(0, events(id, "OVERDUE"));
        act(worker, id, "resolve", Map.of("version", 1, "resultText", "已清理")).statusCode(200);
        sweep();
        sweep();
        assertEquals(1, events(id, "VISIT_REQUESTED"));
    }

    @Test
    void visitedPetitionsCloseWhenTheReopenWindowHasPassed() {
        String resident = Fixtures.residentToken();
        long id = file(resident, inCommunity("SANITATION", "垃圾", 82));
        String worker = workerOf(fixtures, 82);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        act(worker, id, "resolve", Map.of("version", 1, "resultText", "已清运")).statusCode(200);
        act(worker, id, "visit", Map.of("version", 2, "rating", 4)).statusCode(200);
        sweep();
        assertEquals("VISITED", fixtures.sql("SELECT status FROM petition WHERE id = $1", id).iterator().next().getString(0));
        fixtures.sql("UPDATE petition SET resolved_at = now() - interval '8 days' WHERE id = $1", id);
        sweep();
        assertEquals("CLOSED", fixtures.sql("SELECT status FROM petition WHERE id = $1", id).iterator().next().getString(0));
        assertEquals(1, events(id, "AUTO_CLOSE"));
    }

    @Test
    void aSecondInstanceSkipsWhileOneIsSweeping() {
        Optional<Optional<PetitionSlaJobs.Sweep>> inner = lock.runExclusively(PetitionSlaJobs.JOB,
                jobs::runOnce).await().atMost(Duration.ofSeconds(30));
        assertTrue(inner.isPresent(), "the outer holder ran");
        assertTrue(inner.get().isEmpty(), "the inner sweep was skipped while the lock was held");
        sweep();
    }
}
