package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker's or a feed's change re-evaluates only the touched residents, through the queue the triggers fill. */
@QuarkusTest
class EligibilityChangesTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EligibilityFixtures eligibility;

    @Inject
    EligibilityChanges changes;

    private EligibilityChanges.Drained drain() {
        long started = System.nanoTime();
        Optional<EligibilityChanges.Drained> drained = changes.drain().await().atMost(Duration.ofSeconds(30));
        assertTrue(drained.isPresent());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "within seconds");
        assertEquals(0, fixtures.count("SELECT count(*) FROM resident_change"), "the queue is drained");
        return drained.get();
    }

    @Test
    void touchedResidentsAreReEvaluated() {
        EligibilityFixtures.fixClock(LocalDateTime.of(2026, 11, 26, 10, 0));
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        RegistryFixtures.Place place = eligibility.newCommunity();
        long policy = eligibility.policy(admin, "YEARLY",
                "{\"all\": [{\"tag\": {\"code\": \"LOW_INCOME\"}}, {\"household\": {\"kind\": \"HAS_NEWBORN\"}}]}");
        long mother = eligibility.resident(place, LocalDate.of(1995, 3, 1), 'F', "LIVING");
        long household = eligibility.household(place);
        eligibility.joinHousehold(mother, household, "HEAD");
        eligibility.tag(mother, "LOW_INCOME", LocalDate.of(2024, 1, 1));
        drain();
        assertEquals(Map.of(), eligibility.leads(policy, place), "no newborn yet");

        // A birth registered in the household: the mother's household facts changed through her baby's row.
        long baby = eligibility.resident(place, LocalDate.of(2026, 10, 1), 'M', "LIVING");
        eligibility.joinHousehold(baby, household, "CHILD");
        assertTrue(fixtures.count("SELECT count(*) FROM resident_change WHERE resident_id = $1", mother) >= 1, "the mother is queued");
        EligibilityChanges.Drained found = drain();
        assertTrue(found.leadsAdded() >= 1);
        assertEquals(Map.of(mother, List.of("NEW", "-", "1")), eligibility.leads(policy, place));
        assertTrue(fixtures.sql("SELECT facts::text FROM eligibility_lead WHERE policy_id = $1", policy).iterator().next()
                .getString(0).contains("\"youngestOtherMemberBorn\": \"2026-10-01\""));

        // The low-income status ends (a feed update): the lead closes on the next drain.
        eligibility.endTag(mother, "LOW_INCOME", LocalDate.of(2026, 11, 25));
        EligibilityChanges.Drained closed = drain();
        assertTrue(closed.leadsClosed() >= 1);
        assertEquals(Map.of(mother, List.of("CLOSED", "NO_LONGER_QUALIFIES", "1")), eligibility.leads(policy, place));

        // Nothing touched: nothing to do.
        EligibilityChanges.Drained idle = drain();
        assertEquals(0, idle.residents());
    }

    @Test
    void aDeathClosesTheLeadWithinSeconds() {
        EligibilityFixtures.fixClock(LocalDateTime.of(2026, 11, 26, 10, 0));
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        RegistryFixtures.Place place = eligibility.newCommunity();
        long policy = eligibility.policy(admin, "ONCE", "{\"age\": {\"atLeast\": 90}}");
        long elder = eligibility.resident(place, LocalDate.of(1930, 1, 1), 'F', "LIVING");
        drain();
        assertEquals(Map.of(elder, List.of("NEW", "-", "1")), eligibility.leads(policy, place));
        eligibility.living(elder, "DECEASED");
        drain();
        assertEquals(Map.of(elder, List.of("CLOSED", "DECEASED", "1")), eligibility.leads(policy, place));
    }
}
