package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static cn.palmcommunity.volunteer.VolunteerFixtures.offset;
import static cn.palmcommunity.volunteer.VolunteerFixtures.person;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Volunteers browse and sign up; the database holds headcount and no-overlap under concurrency; community 136. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class SignUpTest {

    static final long COMMUNITY = 136;

    @Inject
    Fixtures fixtures;

    /** Posts every request at once and answers the status codes. */
    private static List<Integer> concurrently(List<String> tokens, List<String> paths) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + paths.get(i)))
                    .header("Authorization", "Bearer " + tokens.get(i)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> codes = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            codes.add(response.statusCode());
            if (response.statusCode() == 409) {
                org.junit.jupiter.api.Assertions.assertTrue(response.body().contains("/problems/"), response.body());
            }
        }
        return codes;
    }

    @Test
    void volunteersBrowseOpenTasksNearThemAndSignUpOnce() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate monday = VolunteerFixtures.futureMonday(9);
        long me = person(fixtures, COMMUNITY, offset(place, 500, 0), null, 3, "EVENT_STAFF");
        String token = VolunteerFixtures.selfToken(fixtures, me);
        Map<String, Object> event = VolunteerFixtures.taskBody(COMMUNITY, offset(place, 0, 300), monday, 9, 2, "EVENT_STAFF");
        event.put("kind", "EVENT_STAFF");
        event.put("title", "重阳节敬老活动");
        long task = VolunteerFixtures.createTask(worker, event);
        long doctorsOnly = VolunteerFixtures.createTask(worker, VolunteerFixtures.taskBody(COMMUNITY, place, monday, 14, 2, "MEDIC"));
        long otherCommunity = VolunteerFixtures.createTask(VolunteerFixtures.worker(fixtures, 134),
                VolunteerFixtures.taskBody(134, place, monday, 9, 2));

        given().auth().oauth2(token).queryParam("latitude", place[0]).queryParam("longitude", place[1]).queryParam("coord", "wgs84")
                .get("/api/volunteer-tasks/nearby").then().statusCode(200)
                .body("find { it.id == " + task + " }.title", equalTo("重阳节敬老活动"))
                .body("find { it.id == " + task + " }.placesLeft", equalTo(2))
                .body("find { it.id == " + task + " }.distanceMetres", equalTo(300))
                .body("id", not(hasItem((int) otherCommunity)));
        assertProblem(given().auth().oauth2(token).queryParam("latitude", "north").queryParam("longitude", place[1])
                .get("/api/volunteer-tasks/nearby").then(), 400, "wrong-type").body("errors[0].field", equalTo("latitude"));

        given().auth().oauth2(token).post("/api/volunteer-tasks/" + task + "/sign-up").then().statusCode(201)
                .body("status", equalTo("ACCEPTED")).body("source", equalTo("SIGN_UP")).body("volunteerId", equalTo((int) me));
        assertProblem(given().auth().oauth2(token).post("/api/volunteer-tasks/" + task + "/sign-up").then(), 409, "already-signed-up");
        assertProblem(given().auth().oauth2(token).post("/api/volunteer-tasks/" + doctorsOnly + "/sign-up").then(), 409, "skills-missing");
        // A community task of another community is not visible to them.
        assertProblem(given().auth().oauth2(token).post("/api/volunteer-tasks/" + otherCommunity + "/sign-up").then(), 404, "not-found");
        // Overlapping the event they are on.
        Map<String, Object> overlapping = VolunteerFixtures.taskBody(COMMUNITY, place, monday, 10, 2);
        assertProblem(given().auth().oauth2(token).post("/api/volunteer-tasks/" + VolunteerFixtures.createTask(worker, overlapping) + "/sign-up").then(),
                409, "overlapping-booking");
        // The cap is 3 hours a month; 2 are booked, another 2 would pass it.
        Map<String, Object> later = VolunteerFixtures.taskBody(COMMUNITY, place, monday.plusDays(1), 9, 2);
        assertProblem(given().auth().oauth2(token).post("/api/volunteer-tasks/" + VolunteerFixtures.createTask(worker, later) + "/sign-up").then(),
                409, "monthly-cap");
        given().auth().oauth2(token).get("/api/volunteers/me/bookings").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].taskId", equalTo((int) task));
    }

    @Test
    void fiftyConcurrentSignUpsForFivePlacesBookExactlyFive() throws Exception {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        Map<String, Object> body = VolunteerFixtures.taskBody(COMMUNITY, place, VolunteerFixtures.futureMonday(10), 9, 5);
        body.put("visibility", "PUBLIC");
        long task = VolunteerFixtures.createTask(worker, body);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tokens.add(VolunteerFixtures.selfToken(fixtures, person(fixtures, COMMUNITY, offset(place, i * 10, 0), null, 40)));
        }
        List<Integer> codes = concurrently(tokens, java.util.Collections.nCopies(50, "/api/volunteer-tasks/" + task + "/sign-up"));
        assertEquals(Map.of(201, 5L, 409, 45L), codes.stream().collect(Collectors.groupingBy(c -> c, Collectors.counting())));
        assertEquals(5, fixtures.count("SELECT count(*) FROM volunteer_booking WHERE task_id = $1 AND status = 'ACCEPTED'", task));
        assertEquals(5, fixtures.count("SELECT booked FROM volunteer_task WHERE id = $1", task));
    }

    @Test
    void onePersonSigningUpForTenOverlappingTasksAtOnceGetsExactlyOne() throws Exception {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate monday = VolunteerFixtures.futureMonday(11);
        long me = person(fixtures, COMMUNITY, place, null, 100);
        String token = VolunteerFixtures.selfToken(fixtures, me);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> body = VolunteerFixtures.taskBody(COMMUNITY, place, monday, 9, 3);
            // Windows 09:00-11:00 shifted by i*10 minutes: every pair overlaps.
            body.put("startsAt", monday.atTime(9, i * 5).atOffset(VolunteerFixtures.CHINA).toString());
            paths.add("/api/volunteer-tasks/" + VolunteerFixtures.createTask(worker, body) + "/sign-up");
        }
        List<Integer> codes = concurrently(java.util.Collections.nCopies(10, token), paths);
        assertEquals(Map.of(201, 1L, 409, 9L), codes.stream().collect(Collectors.groupingBy(c -> c, Collectors.counting())), codes.toString());
        assertEquals(1, fixtures.count("SELECT count(*) FROM volunteer_booking WHERE volunteer_id = $1 AND active", me));
        // The places of the refused sign-ups were not kept.
        assertEquals(1, fixtures.count("""
                SELECT sum(booked) FROM volunteer_task t WHERE t.id IN (SELECT task_id FROM volunteer_booking WHERE volunteer_id = $1)
                """, me));
    }
}
