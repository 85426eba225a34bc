package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static cn.palmcommunity.volunteer.VolunteerFixtures.CHINA;
import static cn.palmcommunity.volunteer.VolunteerFixtures.offset;
import static cn.palmcommunity.volunteer.VolunteerFixtures.person;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ranked candidates: scores, breakdowns and hard exclusions; each test in its own community (133, 134). */
@QuarkusTest
class MatchingTest {

    @Inject
    Fixtures fixtures;

    private static JsonPath candidates(String token, long taskId) {
        return given().auth().oauth2(token).get("/api/volunteer-tasks/" + taskId + "/candidates").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void rankedBySkillsDistanceAvailabilityFairnessAndReliabilityWithHardExclusions() {
        long community = 133;
        String worker = VolunteerFixtures.worker(fixtures, community);
        double[] place = VolunteerFixtures.centre(fixtures, community);
        LocalDate monday = VolunteerFixtures.futureMonday(5);
        long task = VolunteerFixtures.createTask(worker, VolunteerFixtures.taskBody(community, place, monday, 10, 3, "ELDER_VISIT"));

        long best = person(fixtures, community, offset(place, 200, 0), "Mo 09:00-13:00", 40, "ELDER_VISIT");
        long far = person(fixtures, community, offset(place, 2000, 0), null, 40, "ELDER_VISIT");
        long busyLately = person(fixtures, community, offset(place, 0, 200), "Mo 09:00-13:00", 40, "ELDER_VISIT");
        fixtures.sql("INSERT INTO service_hours_entry (volunteer_id, kind, minutes, reason, served_on) VALUES ($1, 'CORRECTION', 1800, '补录历史服务时长', $2)",
                busyLately, LocalDate.now().minusDays(10));
        long unreliable = person(fixtures, community, offset(place, -200, 0), "Mo 09:00-13:00", 40, "ELDER_VISIT");
        for (int i = 0; i < 2; i++) {
            OffsetDateTime then = OffsetDateTime.now(CHINA).minusDays(20 + i);
            VolunteerFixtures.booking(fixtures, VolunteerFixtures.taskRow(fixtures, community, place, then, then.plusHours(1), 1), unreliable, "NO_SHOW");
        }
        long halfAvailable = person(fixtures, community, offset(place, 0, -200), "Mo 11:00-18:00", 40, "ELDER_VISIT");
        // Excluded: no skill; cap below the task's two hours; booked at an overlapping time; another community.
        long unskilled = person(fixtures, community, offset(place, 100, 0), "Mo 09:00-13:00", 40, "SIGN_LANGUAGE");
        long capped = person(fixtures, community, offset(place, 100, 0), "Mo 09:00-13:00", 1, "ELDER_VISIT");
        long booked = person(fixtures, community, offset(place, 100, 0), "Mo 09:00-13:00", 40, "ELDER_VISIT");
        OffsetDateTime eleven = monday.atTime(11, 0).atOffset(CHINA);
        VolunteerFixtures.booking(fixtures, VolunteerFixtures.taskRow(fixtures, community, place, eleven, eleven.plusHours(2), 1), booked, "ACCEPTED");
        long elsewhere = person(fixtures, 134, offset(place, 100, 0), "Mo 09:00-13:00", 40, "ELDER_VISIT");

        JsonPath ranked = candidates(worker, task);
        List<Long> order = VolunteerFixtures.ids(ranked.getList("$"));
        assertEquals(List.of(best, unreliable, busyLately, halfAvailable, far), order, ranked.prettify());
        for (long excluded : List.of(unskilled, capped, booked, elsewhere)) {
            assertFalse(order.contains(excluded), "excluded " + excluded);
        }
        Map<String, Object> top = ranked.getMap("[0]");
        assertEquals(0.99, ((Number) top.get("score")).doubleValue(), 1e-6);
        assertEquals(Map.of("skills", 1.0f, "distance", 0.96f, "availability", 1.0f, "fairness", 1.0f, "reliability", 1.0f),
                top.get("breakdown"));
        assertEquals(200, top.get("distanceMetres"));
        assertEquals(false, top.get("reachable"));
        assertEquals(1.0f / 3, ranked.getFloat("[1].breakdown.reliability"), 1e-4);
        assertEquals(2, ranked.getInt("[1].noShows"));
        assertEquals(0.25f, ranked.getFloat("[2].breakdown.fairness"), 1e-4);
        assertEquals(30.0f, ranked.getFloat("[2].hoursLast90Days"), 1e-4);
        assertEquals(0.5f, ranked.getFloat("[3].breakdown.availability"), 1e-4);
        assertEquals(0.0f, ranked.getFloat("[4].breakdown.availability"), 1e-4);
        assertEquals(0.6f, ranked.getFloat("[4].breakdown.distance"), 1e-3);

        // A worker of another community does not see the task.
        assertProblem(given().auth().oauth2(VolunteerFixtures.worker(fixtures, 132)).get("/api/volunteer-tasks/" + task + "/candidates").then(),
                404, "not-found");
        assertProblem(given().auth().oauth2(worker).queryParam("radius", "far").get("/api/volunteer-tasks/" + task + "/candidates").then(),
                400, "wrong-type").body("errors[0].field", equalTo("radius"));
    }

    @Test
    void anExpiredCertificateDoesNotCountAndAnyNeedsOnlyOneSkill() {
        long community = 134;
        String worker = VolunteerFixtures.worker(fixtures, community);
        double[] place = VolunteerFixtures.centre(fixtures, community);
        LocalDate monday = VolunteerFixtures.futureMonday(6);
        long valid = person(fixtures, community, offset(place, 300, 0), null, 40, "MEDIC:2099-12-31");
        long expired = person(fixtures, community, offset(place, 100, 0), null, 40, "MEDIC:2020-01-01");
        long expiresBefore = person(fixtures, community, offset(place, 150, 0), null, 40, "MEDIC:" + monday.minusDays(1));
        long nurseOnly = person(fixtures, community, offset(place, 200, 0), null, 40, "NURSE:2099-12-31");

        long doctorTask = VolunteerFixtures.createTask(worker, VolunteerFixtures.taskBody(community, place, monday, 9, 2, "MEDIC"));
        assertEquals(List.of(valid), VolunteerFixtures.ids(candidates(worker, doctorTask).getList("$")));

        Map<String, Object> any = VolunteerFixtures.taskBody(community, place, monday.plusDays(1), 9, 2, "MEDIC", "NURSE");
        any.put("skillsMatch", "ANY");
        JsonPath ranked = candidates(worker, VolunteerFixtures.createTask(worker, any));
        assertEquals(List.of(nurseOnly, valid), VolunteerFixtures.ids(ranked.getList("$")), ranked.prettify());
        assertEquals(0.5f, ranked.getFloat("[0].breakdown.skills"), 1e-4);
        assertTrue(!VolunteerFixtures.ids(ranked.getList("$")).contains(expired) && !VolunteerFixtures.ids(ranked.getList("$")).contains(expiresBefore));
    }
}
