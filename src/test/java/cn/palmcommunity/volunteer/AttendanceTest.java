package cn.palmcommunity.volunteer;

import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusMock;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static cn.palmcommunity.volunteer.VolunteerFixtures.CHINA;
import static cn.palmcommunity.volunteer.VolunteerFixtures.offset;
import static cn.palmcommunity.volunteer.VolunteerFixtures.person;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Check-in and check-out by position or code, the 60% rule, no-shows; community 137, with the volunteer clock moved. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class AttendanceTest {

    static final long COMMUNITY = 137;

    @Inject
    Fixtures fixtures;

    @Inject
    NoShowJob noShows;

    /** Judged at {@code time} for the rest of this test (QuarkusMock replaces the shared clock per test). */
    private void at(OffsetDateTime time) {
        QuarkusMock.installMockForType(Clock.fixed(time.toInstant(), ZoneOffset.UTC), Clock.class);
    }

    private static Map<String, Object> gcj02(double[] wgs) {
        GeoPoint g = ChinaCoordinates.wgs84ToGcj02(new GeoPoint(wgs[0], wgs[1]));
        return Map.of("position", Map.of("latitude", g.latitude(), "longitude", g.longitude(), "coord", "GCJ02"));
    }

    private static io.restassured.response.ValidatableResponse post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    @Test
    void hoursCountOnlyWhenCheckInToCheckOutCoversSixtyPercentAndAbsenteesAreNoShows() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate monday = VolunteerFixtures.futureMonday(12);
        OffsetDateTime start = monday.atTime(10, 0).atOffset(CHINA);
        Map<String, Object> body = VolunteerFixtures.taskBody(COMMUNITY, place, monday, 10, 3);
        body.put("kind", "SCREENING_DAY");
        body.put("title", "义诊筛查日");
        long task = VolunteerFixtures.createTask(worker, body);
        String code = given().auth().oauth2(worker).get("/api/volunteer-tasks/" + task).then().statusCode(200).extract().path("checkInCode");
        String[] tokens = new String[3];
        long[] bookings = new long[3];
        long[] people = new long[3];
        for (int i = 0; i < 3; i++) {
            people[i] = person(fixtures, COMMUNITY, offset(place, 100 * i, 0), null, 40);
            tokens[i] = VolunteerFixtures.selfToken(fixtures, people[i]);
            bookings[i] = ((Number) given().auth().oauth2(tokens[i]).post("/api/volunteer-tasks/" + task + "/sign-up")
                    .then().statusCode(201).extract().path("id")).longValue();
        }
        String in0 = "/api/volunteer-bookings/" + bookings[0] + "/check-in";
        String out0 = "/api/volunteer-bookings/" + bookings[0] + "/check-out";

        // Too early: the window opens 30 minutes before the start.
        at(start.minusMinutes(31));
        assertProblem(post(tokens[0], in0, gcj02(place)), 422, "validation")
                .body("errors[0].field", equalTo("time")).body("errors[0].message", containsString(monday + " 09:30"));
        // Too far: a kilometre away (the radius is 300 m).
        at(start.minusMinutes(5));
        assertProblem(post(tokens[0], in0, gcj02(offset(place, 1000, 0))), 422, "validation")
                .body("errors[0].field", equalTo("position")).body("errors[0].message", org.hamcrest.Matchers.matchesPattern("is (999|1000|1001) m from the place; it must be within 300 m"));
        assertProblem(post(tokens[0], in0, Map.of()), 422, "validation").body("errors[0].field", equalTo("position"));
        // At the place, in GCJ-02 as WeChat gives it.
        post(tokens[0], in0, gcj02(offset(place, 50, 50))).statusCode(200)
                .body("checkedInAt", equalTo(monday + "T09:55:00+08:00"))
                .body("status", equalTo("ACCEPTED"));
        assertProblem(post(tokens[0], in0, gcj02(place)), 409, "already-checked-in");

        // The second checks in late with the lead's code; a wrong code names the field.
        at(start.plusMinutes(50));
        String in1 = "/api/volunteer-bookings/" + bookings[1] + "/check-in";
        assertProblem(post(tokens[1], in1, Map.of("code", "wrong")), 422, "validation").body("errors[0].field", equalTo("code"));
        post(tokens[1], in1, Map.of("code", code)).statusCode(200);

        // 10:00-11:30 of 10:00-12:00 is 75%: 90 minutes to the time bank.
        at(start.plusMinutes(90));
        post(tokens[0], out0, gcj02(place)).statusCode(200)
                .body("status", equalTo("COMPLETED")).body("creditedMinutes", equalTo(90));
        // 10:50-11:55 is 54%: no hours.
        at(start.plusMinutes(115));
        post(tokens[1], "/api/volunteer-bookings/" + bookings[1] + "/check-out", Map.of("code", code)).statusCode(200)
                .body("status", equalTo("SHORT")).body("creditedMinutes", equalTo(0));
        assertEquals(90, fixtures.count("SELECT coalesce(sum(minutes), 0) FROM service_hours_entry WHERE task_id = $1", task));

        // Closing the task records the third, who never came, as a no-show.
        at(start.plusMinutes(130));
        given().auth().oauth2(worker).post("/api/volunteer-tasks/" + task + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
        given().auth().oauth2(worker).get("/api/volunteer-tasks/" + task + "/bookings").then().statusCode(200)
                .body("find { it.volunteerId == " + people[2] + " }.status", equalTo("NO_SHOW"))
                .body("find { it.volunteerId == " + people[2] + " }.checkedInAt", nullValue())
                .body("find { it.volunteerId == " + people[0] + " }.status", equalTo("COMPLETED"));
        // And the no-show counts against them in the next ranking.
        long next = VolunteerFixtures.createTask(worker, VolunteerFixtures.taskBody(COMMUNITY, place, monday.plusDays(7), 10, 3));
        given().auth().oauth2(worker).get("/api/volunteer-tasks/" + next + "/candidates").then().statusCode(200)
                .body("find { it.volunteerId == " + people[2] + " }.noShows", equalTo(1))
                .body("find { it.volunteerId == " + people[0] + " }.hoursLast90Days", equalTo(1.5f));
    }

    @Test
    void theScheduledJobRecordsNoShowsOnceTheWindowIsOver() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate monday = VolunteerFixtures.futureMonday(13);
        OffsetDateTime start = monday.atTime(19, 0).atOffset(CHINA);
        long task = VolunteerFixtures.createTask(worker, VolunteerFixtures.taskBody(COMMUNITY, place, monday, 19, 2));
        long absent = person(fixtures, COMMUNITY, place, null, 40);
        String token = VolunteerFixtures.selfToken(fixtures, absent);
        long booking = ((Number) given().auth().oauth2(token).post("/api/volunteer-tasks/" + task + "/sign-up").then().statusCode(201)
                .extract().path("id")).longValue();
        assertProblem(given().auth().oauth2(worker).post("/api/volunteer-tasks/" + task + "/close").then(), 409, "task-not-started");

        // Still inside the check-out grace: nothing happens.
        at(start.plusMinutes(150));
        noShows.runOnce().await().indefinitely();
        assertEquals("ACCEPTED", fixtures.sql("SELECT status FROM volunteer_booking WHERE id = $1", booking).iterator().next().getString(0));
        at(start.plusMinutes(181));
        assertTrue(noShows.runOnce().await().indefinitely().orElseThrow() >= 1);
        assertEquals("NO_SHOW", fixtures.sql("SELECT status FROM volunteer_booking WHERE id = $1", booking).iterator().next().getString(0));
        assertTrue(fixtures.count("SELECT count(*) FROM job_run WHERE job = 'volunteer-no-shows' AND outcome = 'SUCCEEDED'") >= 1);
        // Too late to check out after that.
        assertProblem(post(token, "/api/volunteer-bookings/" + booking + "/check-in", gcj02(place)), 409, "booking-not-accepted");
    }
}
