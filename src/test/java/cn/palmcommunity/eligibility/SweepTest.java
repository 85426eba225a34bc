package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full sweeps over the test's own residents: leads found once, versions recorded, leads closed, explained within scope. */
@QuarkusTest
class SweepTest {

    private static final String AGED_VETERANS = "{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"tag\": {\"code\": \"VETERAN\"}}]}";

    @Inject
    EligibilityFixtures eligibility;

    @Inject
    Fixtures fixtures;

    @Inject
    SweepJob sweep;

    private SweepJob.Outcome sweepNow() {
        Optional<SweepJob.Outcome> outcome = sweep.runOnce().await().atMost(Duration.ofSeconds(60));
        assertTrue(outcome.isPresent(), "the sweep ran");
        return outcome.get();
    }

    @Test
    void sweepFindsLeadsOnceRecordsTheVersionAndClosesThoseWhoLeave() {
        EligibilityFixtures.fixClock(LocalDateTime.of(2026, 11, 26, 10, 0));
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        RegistryFixtures.Place place = eligibility.newCommunity();
        long dies = eligibility.resident(place, LocalDate.of(1940, 5, 1), 'M', "LIVING");
        long movesAway = eligibility.resident(place, LocalDate.of(1945, 1, 2), 'M', "LIVING");
        long losesTag = eligibility.resident(place, LocalDate.of(1946, 11, 26), 'M', "LIVING");   // 80 on the day itself
        long tooYoung = eligibility.resident(place, LocalDate.of(1946, 11, 27), 'M', "LIVING");   // 80 tomorrow
        long noTag = eligibility.resident(place, LocalDate.of(1930, 3, 3), 'F', "LIVING");
        long deceased = eligibility.resident(place, LocalDate.of(1930, 3, 3), 'M', "DECEASED");
        for (long r : List.of(dies, movesAway, losesTag, tooYoung, deceased)) {
            eligibility.tag(r, "VETERAN", LocalDate.of(2010, 8, 1));
        }
        long policy = eligibility.policy(admin, "ONCE", AGED_VETERANS);

        sweepNow();
        Map<Long, List<String>> leads = eligibility.leads(policy, place);
        assertEquals(Map.of(dies, List.of("NEW", "-", "1"), movesAway, List.of("NEW", "-", "1"), losesTag, List.of("NEW", "-", "1")), leads);
        long leadOfDies = eligibility.leadId(policy, dies);

        SweepJob.Outcome again = sweepNow();
        assertEquals(0, again.leadsAdded(), "a second sweep adds nothing anywhere");
        assertEquals(leads, eligibility.leads(policy, place));
        assertEquals(leadOfDies, eligibility.leadId(policy, dies), "the lead is the same row");

        eligibility.living(dies, "DECEASED");
        eligibility.living(movesAway, "MOVED_OUT");
        eligibility.endTag(losesTag, "VETERAN", LocalDate.of(2026, 11, 20));
        SweepJob.Outcome closing = sweepNow();
        assertTrue(closing.leadsClosed() >= 3);
        assertEquals(Map.of(dies, List.of("CLOSED", "DECEASED", "1"), movesAway, List.of("CLOSED", "MOVED_OUT", "1"),
                losesTag, List.of("CLOSED", "NO_LONGER_QUALIFIES", "1")), eligibility.leads(policy, place));
        var event = fixtures.sql("SELECT from_status, to_status, note FROM eligibility_lead_event WHERE lead_id = $1", leadOfDies)
                .iterator().next();
        assertEquals(List.of("NEW", "CLOSED", "DECEASED"), List.of(event.getString(0), event.getString(1), event.getString(2)));
        assertEquals(1, fixtures.count("SELECT count(*) FROM eligibility_lead_event WHERE lead_id = $1", leadOfDies),
                "a closed lead is not closed again");
        assertTrue(!eligibility.leads(policy, place).containsKey(noTag));
    }

    @Test
    void aNewVersionIsRecordedOnTheLeadsItFinds() {
        EligibilityFixtures.fixClock(LocalDateTime.of(2026, 11, 26, 10, 0));
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        RegistryFixtures.Place place = eligibility.newCommunity();
        long eighty = eligibility.resident(place, LocalDate.of(1944, 1, 1), 'F', "LIVING");
        long seventySix = eligibility.resident(place, LocalDate.of(1950, 6, 1), 'F', "LIVING");
        long policy = eligibility.policy(admin, "YEARLY", "{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"sex\": \"F\"}]}");
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .body(Map.of("rule", EligibilityFixtures.parse("{\"all\": [{\"age\": {\"atLeast\": 75}}, {\"sex\": \"F\"}]}"),
                        "effectiveFrom", "2027-01-01", "residentReminder", "新标准", "workerReminder", "新标准"))
                .post("/api/eligibility/policies/" + policy + "/versions")
                .then().statusCode(201).body("version", equalTo(2));

        sweepNow();
        assertEquals(Map.of(eighty, List.of("NEW", "-", "1")), eligibility.leads(policy, place));
        assertEquals("2026", fixtures.sql("SELECT cycle_key FROM eligibility_lead WHERE policy_id = $1 AND resident_id = $2", policy, eighty).iterator().next().getString(0));

        EligibilityFixtures.fixClock(LocalDateTime.of(2027, 1, 2, 10, 0));
        sweepNow();
        Map<Long, List<String>> leads = eligibility.leads(policy, place);
        assertEquals(List.of("NEW", "-", "2"), leads.get(seventySix), "found by version 2");
        assertEquals(2, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE policy_id = $1 AND resident_id = $2", policy, eighty),
                "a yearly policy finds the resident again in the new year");
    }

    @Test
    void explanationShowsTheFactsAndTheirSourcesWithinScope() {
        EligibilityFixtures.fixClock(LocalDateTime.of(2026, 11, 26, 10, 0));
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        RegistryFixtures.Place place = eligibility.newCommunity();
        long veteran = eligibility.resident(place, LocalDate.of(1941, 2, 3), 'M', "LIVING");
        eligibility.tag(veteran, "VETERAN", LocalDate.of(2010, 8, 1));
        fixtures.sql("""
                INSERT INTO resident_value (resident_id, field, source, feed_name, feed_record_id, feed_version)
                VALUES ($1, 'birthDate', 'DEPARTMENT_FEED', 'public-security-hukou', 'H-1', 'v3')""", veteran);
        long policy = eligibility.policy(admin, "ONCE", AGED_VETERANS);
        sweepNow();
        long lead = eligibility.leadId(policy, veteran);

        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        given().auth().oauth2(worker).get("/api/eligibility/lead-explanations/" + lead)
                .then().statusCode(200)
                .body("residentId", equalTo((int) veteran))
                .body("policyVersion", equalTo(1))
                .body("cycleKey", equalTo("ONCE"))
                .body("status", equalTo("NEW"))
                .body("rule.all[0].age.atLeast", equalTo(80))
                .body("facts.evaluatedOn", equalTo("2026-11-26"))
                .body("facts.age", equalTo(85))
                .body("facts.birthDate.value", equalTo("1941-02-03"))
                .body("facts.birthDate.source", equalTo("DEPARTMENT_FEED"))
                .body("facts.birthDate.feedName", equalTo("public-security-hukou"))
                .body("facts.birthDate.feedRecordId", equalTo("H-1"))
                .body("facts.livingStatus.value", equalTo("LIVING"))
                .body("facts.livingStatus.source", equalTo("COMMUNITY_SURVEY"))
                .body("facts.tags.VETERAN.present", equalTo(true))
                .body("facts.tags.VETERAN.since", equalTo("2010-08-01"))
                .body("facts.tags.VETERAN.source", equalTo("DEPARTMENT_FEED"))
                .body("facts.tags.VETERAN.feedName", equalTo("civil-affairs"));

        assertEquals(1, fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'READ_LEAD_EXPLANATION' AND subject_id = $1", veteran),
                "the read is in the audit log");

        String otherWorker = Fixtures.accessToken(fixtures.communityWorker(1L));
        assertProblem(given().auth().oauth2(otherWorker).get("/api/eligibility/lead-explanations/" + lead).then(), 404, "not-found");
        String gridWorker = Fixtures.accessToken(fixtures.staff("GRID_WORKER", null, null, place.communityId(), place.grid2(), null));
        assertProblem(given().auth().oauth2(gridWorker).get("/api/eligibility/lead-explanations/" + lead).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).get("/api/eligibility/lead-explanations/" + lead).then(), 403, "forbidden");
    }

    @Test
    void anAdministratorStartsASweepAndFollowsIt() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        given().auth().oauth2(admin).post("/api/eligibility/sweeps")
                .then().statusCode(202).body("running", equalTo(true));
        String stream = given().auth().oauth2(admin).accept("text/event-stream").get("/api/eligibility/sweeps/current/events")
                .then().statusCode(200).extract().asString();
        assertTrue(stream.contains("\"running\":false"), "the stream ends with the finished status: " + stream);
        JsonPath status = given().auth().oauth2(admin).get("/api/eligibility/sweeps/current")
                .then().statusCode(200).body("running", equalTo(false)).body("outcome", equalTo("SUCCEEDED"))
                .extract().jsonPath();
        assertEquals(status.getInt("policiesTotal"), status.getInt("policiesDone"));
        assertTrue(status.getLong("rowsExamined") >= status.getLong("residents"));
        given().auth().oauth2(admin).get("/api/jobs/runs?job=eligibility-sweep&limit=1")
                .then().statusCode(200).body("[0].outcome", equalTo("SUCCEEDED")).body("[0].detail", containsString("leads added"));

        String worker = Fixtures.accessToken(fixtures.communityWorker(1L));
        assertProblem(given().auth().oauth2(worker).post("/api/eligibility/sweeps").then(), 403, "forbidden");
        String staff = Fixtures.accessToken(fixtures.staff("DISTRICT_STAFF", 1L, null, null, null, null));
        assertProblem(given().auth().oauth2(staff).post("/api/eligibility/sweeps").then(), 403, "forbidden");
    }
}
