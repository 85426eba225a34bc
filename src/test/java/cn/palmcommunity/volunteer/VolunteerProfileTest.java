package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** Reference lists, profiles (by workers and by the people themselves) and task input; community 131 and 132. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class VolunteerProfileTest {

    static final long COMMUNITY = 131;

    @Inject
    Fixtures fixtures;

    private Map<String, Object> profile() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "王玲");
        body.put("phone", "13800001234");
        body.put("communityId", COMMUNITY);
        body.put("categories", List.of("VOLUNTEER", "PARTY_MEMBER"));
        body.put("skills", List.of(Map.of("code", "MEDIC", "certificateNumber", "110370200012345", "certificateExpires", "2030-06-30"),
                Map.of("code", "SIGN_LANGUAGE")));
        body.put("languages", List.of("普通话", "青岛话"));
        body.put("availability", "Mo-Fr 18:00-21:00; Sa 09:00-17:00");
        body.put("monthlyHoursCap", 30);
        return body;
    }

    @Test
    void theNineCategoriesAndTheFiftyFourSkillsAreListedForEveryone() {
        given().get("/api/force-categories").then().statusCode(200)
                .body("$", hasSize(9)).body("code", hasItems("PARTY_MEMBER", "NEW_EMPLOYMENT_WORKER", "OWNERS_COMMITTEE"));
        given().get("/api/volunteer-skills").then().statusCode(200)
                .body("$", hasSize(54))
                .body("find { it.code == 'MEDIC' }.nameZh", containsString("白衣天使"))
                .body("find { it.code == 'MEDIC' }.certificateRequired", equalTo(true))
                .body("find { it.code == 'LEGAL' }.nameZh", equalTo("法律带头人"))
                .body("find { it.code == 'SIGN_LANGUAGE' }.certificateRequired", equalTo(false));
    }

    @Test
    void aWorkerRegistersSomeoneWithSkillsCertificatesAndAvailability() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        int id = given().auth().oauth2(worker).contentType(ContentType.JSON).body(profile()).post("/api/volunteers")
                .then().statusCode(201)
                .header("Location", containsString("/api/volunteers/"))
                .body("name", equalTo("王玲"))
                .body("selfRegistered", equalTo(false))
                .body("communityId", equalTo((int) COMMUNITY))
                .body("homeIsCommunity", equalTo(true))
                .body("categories", equalTo(List.of("VOLUNTEER", "PARTY_MEMBER")))
                .body("skills.code", equalTo(List.of("MEDIC", "SIGN_LANGUAGE")))
                .body("skills[0].certificateExpires", equalTo("2030-06-30"))
                .body("skills[0].valid", equalTo(true))
                .body("availability", equalTo("Mo-Fr 18:00-21:00; Sa 09:00-17:00"))
                .body("monthlyHoursCap", equalTo(30))
                .extract().path("id");
        // Availability is kept as weekly rows for SQL: five evenings and a Saturday.
        org.junit.jupiter.api.Assertions.assertEquals(6, fixtures.count("SELECT count(*) FROM volunteer_availability WHERE volunteer_id = $1", (long) id));
        // Reading the profile is a logged PIPL read.
        given().auth().oauth2(worker).get("/api/volunteers/" + id).then().statusCode(200).body("phone", equalTo("13800001234"));
        org.junit.jupiter.api.Assertions.assertEquals(1, fixtures.count(
                "SELECT count(*) FROM audit_log WHERE subject_type = 'VOLUNTEER' AND subject_id = $1", (long) id));
        // A worker of another community does not see them.
        assertProblem(given().auth().oauth2(VolunteerFixtures.worker(fixtures, 132)).get("/api/volunteers/" + id).then(), 404, "not-found");
    }

    @Test
    void badProfilesNameTheFieldAndStoreNothing() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        long before = fixtures.count("SELECT count(*) FROM volunteer");

        Map<String, Object> unknownSkill = profile();
        unknownSkill.put("skills", List.of(Map.of("code", "SIGN_LANGUAGE"), Map.of("code", "JUGGLING")));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(unknownSkill).post("/api/volunteers").then(), 422, "validation")
                .body("errors[0].field", equalTo("skills[1]")).body("errors[0].message", containsString("JUGGLING"));

        Map<String, Object> noCertificate = profile();
        noCertificate.put("skills", List.of(Map.of("code", "LEGAL")));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(noCertificate).post("/api/volunteers").then(), 422, "validation")
                .body("errors[0].field", equalTo("skills[0].certificateNumber"));

        Map<String, Object> badHours = profile();
        badHours.put("availability", "Mo-Fr 18:00-25:99");
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(badHours).post("/api/volunteers").then(), 422, "validation")
                .body("errors[0].field", equalTo("availability"));

        Map<String, Object> badCategory = profile();
        badCategory.put("categories", List.of("ASTRONAUT"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(badCategory).post("/api/volunteers").then(), 422, "validation")
                .body("errors[0].field", equalTo("categories[0]"));

        Map<String, Object> otherCommunity = profile();
        otherCommunity.put("communityId", 132);
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(otherCommunity).post("/api/volunteers").then(), 403, "forbidden");

        org.junit.jupiter.api.Assertions.assertEquals(before, fixtures.count("SELECT count(*) FROM volunteer"));
    }

    @Test
    void aResidentSignsUpThemselvesWithAHomePositionInGcj02() {
        String resident = Fixtures.residentToken();
        double[] centre = VolunteerFixtures.centre(fixtures, COMMUNITY);
        var gcj = cn.palmcommunity.geo.ChinaCoordinates.wgs84ToGcj02(new cn.palmcommunity.geo.GeoPoint(centre[0], centre[1]));
        Map<String, Object> body = profile();
        body.remove("communityId");
        body.put("home", Map.of("latitude", gcj.latitude(), "longitude", gcj.longitude(), "coord", "GCJ02"));
        body.put("skills", List.of(Map.of("code", "ELDER_VISIT")));

        assertProblem(given().auth().oauth2(resident).get("/api/volunteers/me").then(), 404, "not-found");
        var saved = given().auth().oauth2(resident).contentType(ContentType.JSON).body(body).put("/api/volunteers/me").then().statusCode(200)
                .body("selfRegistered", equalTo(true))
                .body("communityId", equalTo((int) COMMUNITY))
                .body("homeIsCommunity", equalTo(false))
                .extract().jsonPath();
        // Stored as WGS-84: back at the centre within a metre or so.
        org.junit.jupiter.api.Assertions.assertEquals(centre[0], saved.getDouble("home.latitude"), 0.00002);
        org.junit.jupiter.api.Assertions.assertEquals(centre[1], saved.getDouble("home.longitude"), 0.00002);
        body.put("name", "王玲玲");
        given().auth().oauth2(resident).contentType(ContentType.JSON).body(body).put("/api/volunteers/me").then().statusCode(200);
        given().auth().oauth2(resident).get("/api/volunteers/me").then().statusCode(200)
                .body("name", equalTo("王玲玲")).body("skills.code", equalTo(List.of("ELDER_VISIT")));
        // Residents do not register others.
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON).body(profile()).post("/api/volunteers").then(), 403, "forbidden");
    }

    @Test
    void badTasksNameTheFieldAndValue() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        double[] place = VolunteerFixtures.centre(fixtures, COMMUNITY);
        LocalDate day = VolunteerFixtures.futureMonday(3);
        long before = fixtures.count("SELECT count(*) FROM volunteer_task");

        Map<String, Object> unknown = VolunteerFixtures.taskBody(COMMUNITY, place, day, 9, 2, "ELDER_VISIT", "TIME_TRAVEL");
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(unknown).post("/api/volunteer-tasks").then(), 422, "validation")
                .body("errors[0].field", equalTo("requiredSkills[1]")).body("errors[0].message", equalTo("unknown skill TIME_TRAVEL"));

        Map<String, Object> backwards = VolunteerFixtures.taskBody(COMMUNITY, place, day, 9, 2);
        backwards.put("endsAt", day.atTime(8, 0).atOffset(VolunteerFixtures.CHINA).toString());
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(backwards).post("/api/volunteer-tasks").then(), 422, "validation")
                .body("errors[0].field", equalTo("endsAt")).body("errors[0].message", equalTo("must be after startsAt"));

        Map<String, Object> nobody = VolunteerFixtures.taskBody(COMMUNITY, place, day, 9, 0);
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(nobody).post("/api/volunteer-tasks").then(), 422, "validation")
                .body("errors[0].field", equalTo("headcount"));

        Map<String, Object> past = VolunteerFixtures.taskBody(COMMUNITY, place, LocalDate.now().minusDays(3), 9, 2);
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(past).post("/api/volunteer-tasks").then(), 422, "validation")
                .body("errors[0].field", equalTo("endsAt")).body("errors[0].message", equalTo("is in the past"));

        Map<String, Object> badKind = VolunteerFixtures.taskBody(COMMUNITY, place, day, 9, 2);
        badKind.put("kind", "PARTY");
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(badKind).post("/api/volunteer-tasks").then(), 422, "validation")
                .body("errors[0].field", equalTo("kind"));

        org.junit.jupiter.api.Assertions.assertEquals(before, fixtures.count("SELECT count(*) FROM volunteer_task"));

        Map<String, Object> good = VolunteerFixtures.taskBody(COMMUNITY, place, day, 9, 2, "ELDER_VISIT");
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(good).post("/api/volunteer-tasks").then().statusCode(201)
                .body("status", equalTo("OPEN")).body("booked", equalTo(0)).body("headcount", equalTo(2))
                .body("requiredSkills", equalTo(List.of("ELDER_VISIT"))).body("skillsMatch", equalTo("ALL"))
                .body("checkInRadiusMetres", equalTo(300))
                .body("checkInCode", org.hamcrest.Matchers.matchesPattern("\\d{4}"))
                .body("startsAt", equalTo(day + "T09:00:00+08:00"));
    }
}
