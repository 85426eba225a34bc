package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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

/** Invitations fill the headcount from the ranking; a decline passes the place on; community 135. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class InvitationTest {

    static final long COMMUNITY = 135;

    @Inject
    Fixtures fixtures;

    private long bookingOf(long taskId, long volunteerId) {
        return fixtures.count("SELECT id FROM volunteer_booking WHERE task_id = $1 AND volunteer_id = $2", taskId, volunteerId);
    }

    private Map<Long, String> statuses(long taskId) {
        Map<Long, String> out = new java.util.TreeMap<>();
        fixtures.sql("SELECT volunteer_id, status FROM volunteer_booking WHERE task_id = $1", taskId)
                .forEach(r -> out.put(r.getLong(0), r.getString(1)));
        return out;
    }

    @Test
    void invitationsFillTheHeadcountAndADeclineInvitesTheNextBest() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate monday = VolunteerFixtures.futureMonday(7);
        long first = person(fixtures, COMMUNITY, offset(place, 100, 0), null, 40, "PATROL");
        long second = person(fixtures, COMMUNITY, offset(place, 200, 0), null, 40, "PATROL");
        long third = person(fixtures, COMMUNITY, offset(place, 300, 0), null, 40, "PATROL");
        long fourth = person(fixtures, COMMUNITY, offset(place, 400, 0), null, 40, "PATROL");
        String firstToken = VolunteerFixtures.selfToken(fixtures, first);
        String secondToken = VolunteerFixtures.selfToken(fixtures, second);
        long task = VolunteerFixtures.createTask(worker, VolunteerFixtures.taskBody(COMMUNITY, place, monday, 19, 2, "PATROL"));

        JsonPath outcome = given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of())
                .post("/api/volunteer-tasks/" + task + "/invitations").then().statusCode(200)
                .body("placesLeft", equalTo(0)).extract().jsonPath();
        assertEquals(List.of((int) first, (int) second), outcome.getList("invited.volunteerId"));
        assertEquals(List.of("INVITED", "INVITED"), outcome.getList("invited.status"));
        // The invitation reaches the person through the notification inbox.
        given().auth().oauth2(firstToken).get("/api/notifications").then().statusCode(200)
                .body("items.find { it.kind == 'VOLUNTEER_INVITATION' }.title", equalTo("志愿服务邀请：探访独居老人"));

        // The first accepts; accepting twice is a conflict.
        given().auth().oauth2(firstToken).post("/api/volunteer-bookings/" + bookingOf(task, first) + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("taskId", equalTo((int) task));
        assertProblem(given().auth().oauth2(firstToken).post("/api/volunteer-bookings/" + bookingOf(task, first) + "/accept").then(),
                409, "booking-not-invited");
        // Someone else's booking is not theirs to answer.
        assertProblem(given().auth().oauth2(firstToken).post("/api/volunteer-bookings/" + bookingOf(task, second) + "/decline").then(),
                404, "not-found");

        // The second declines: the third is invited in the same breath; the fourth is not needed.
        given().auth().oauth2(secondToken).post("/api/volunteer-bookings/" + bookingOf(task, second) + "/decline").then().statusCode(200)
                .body("status", equalTo("DECLINED"));
        assertEquals(Map.of(first, "ACCEPTED", second, "DECLINED", third, "INVITED"), statuses(task));
        // The third has no mini program: the worker records the answer after a phone call; declining passes it to the fourth.
        given().auth().oauth2(worker).post("/api/volunteer-bookings/" + bookingOf(task, third) + "/decline").then().statusCode(200);
        assertEquals(Map.of(first, "ACCEPTED", second, "DECLINED", third, "DECLINED", fourth, "INVITED"), statuses(task));
        assertEquals(2, fixtures.count("SELECT booked FROM volunteer_task WHERE id = $1", task));

        // Nobody left to ask: a decline leaves the place free.
        given().auth().oauth2(worker).post("/api/volunteer-bookings/" + bookingOf(task, fourth) + "/decline").then().statusCode(200);
        assertEquals(1, fixtures.count("SELECT booked FROM volunteer_task WHERE id = $1", task));
        given().auth().oauth2(worker).get("/api/volunteer-tasks/" + task + "/bookings").then().statusCode(200)
                .body("size()", equalTo(4)).body("find { it.volunteerId == " + first + " }.status", equalTo("ACCEPTED"));
    }

    @Test
    void namedInvitationsSkipTheIneligibleAndAnOverlappingAcceptIsRefused() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate monday = VolunteerFixtures.futureMonday(8);
        long able = person(fixtures, COMMUNITY, offset(place, 100, 0), null, 40, "LEGAL:2099-01-01");
        long lapsed = person(fixtures, COMMUNITY, offset(place, 100, 0), null, 40, "LEGAL:2001-01-01");
        String ableToken = VolunteerFixtures.selfToken(fixtures, able);
        Map<String, Object> body = VolunteerFixtures.taskBody(COMMUNITY, place, monday, 14, 3, "LEGAL");
        body.put("kind", "LEGAL_CONSULTATION");
        long task = VolunteerFixtures.createTask(worker, body);

        JsonPath outcome = given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("volunteerIds", List.of(able, lapsed, 999_999)))
                .post("/api/volunteer-tasks/" + task + "/invitations").then().statusCode(200)
                .body("placesLeft", equalTo(2)).extract().jsonPath();
        assertEquals(List.of((int) able), outcome.getList("invited.volunteerId"));
        assertEquals(2, outcome.getMap("skipped").size());

        // Meanwhile the person got booked on an overlapping task: the database refuses the second booking.
        OffsetDateTime at = monday.atTime(15, 0).atOffset(CHINA);
        VolunteerFixtures.booking(fixtures, VolunteerFixtures.taskRow(fixtures, COMMUNITY, place, at, at.plusHours(1), 1), able, "ACCEPTED");
        assertProblem(given().auth().oauth2(ableToken).post("/api/volunteer-bookings/" + bookingOf(task, able) + "/accept").then(),
                409, "overlapping-booking");
        assertEquals("INVITED", statuses(task).get(able));
    }
}
