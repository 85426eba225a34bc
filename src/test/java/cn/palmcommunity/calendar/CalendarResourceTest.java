package cn.palmcommunity.calendar;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Changes only days of 2031, each test its own, so tests do not see each other's days. */
@QuarkusTest
class CalendarResourceTest {

    @Inject
    Fixtures fixtures;

    @Inject
    WorkingCalendar calendar;

    private static Map<String, String> change(String kind, String name) {
        return Map.of("kind", kind, "name", name);
    }

    @Test
    void anyStaffMemberSeesTheSeededYear() {
        String token = Fixtures.accessToken(fixtures.communityWorker(4));
        given().auth().oauth2(token).get("/api/calendar/2025")
                .then().statusCode(200)
                .body("findAll { it.kind == 'WORKDAY' }.day", contains("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"))
                .body("findAll { it.kind == 'HOLIDAY' }", hasSize(28))
                .body("find { it.day == '2025-01-29' }.name", equalTo("春节"))
                .body("find { it.day == '2025-10-06' }.name", equalTo("国庆节、中秋节"));
    }

    @Test
    void theAdminMakesAWednesdayAHolidayAndTheCalendarFollows() {
        String admin = fixtures.districtAdmin();
        String token = Fixtures.accessToken(admin);
        LocalDate wednesday = LocalDate.parse("2031-03-05");
        assertTrue(calendar.isWorkingDay(wednesday));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "  区庆日  "))
                .put("/api/calendar/days/2031-03-05")
                .then().statusCode(200)
                .body("day", equalTo("2031-03-05"))
                .body("kind", equalTo("HOLIDAY"))
                .body("name", equalTo("区庆日"))
                .body("updatedBy", equalTo((int) fixtures.accountId(admin)))
                .body("updatedAt", notNullValue());
        assertFalse(calendar.isWorkingDay(wednesday));
        assertEquals(LocalDate.parse("2031-03-06"), calendar.addWorkingDays(LocalDate.parse("2031-03-04"), 1));
        given().auth().oauth2(token).get("/api/calendar/2031")
                .then().statusCode(200).body("day", hasItem("2031-03-05"));

        given().auth().oauth2(token).delete("/api/calendar/days/2031-03-05").then().statusCode(204);
        assertTrue(calendar.isWorkingDay(wednesday));
        given().auth().oauth2(token).get("/api/calendar/2031")
                .then().statusCode(200).body("day", not(hasItem("2031-03-05")));
        assertProblem(given().auth().oauth2(token).delete("/api/calendar/days/2031-03-05").then(), 404, "not-found");
    }

    @Test
    void aMakeUpSaturdayBecomesAWorkingDayAndCanBeReplaced() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        LocalDate saturday = LocalDate.parse("2031-04-19");
        assertFalse(calendar.isWorkingDay(saturday));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(change("WORKDAY", "调休上班"))
                .put("/api/calendar/days/2031-04-19")
                .then().statusCode(200).body("kind", equalTo("WORKDAY"));
        assertTrue(calendar.isWorkingDay(saturday));
        assertEquals(saturday, calendar.addWorkingDays(LocalDate.parse("2031-04-18"), 1));

        // Setting the day again replaces it rather than conflicting.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "改为休息"))
                .put("/api/calendar/days/2031-04-19")
                .then().statusCode(200).body("kind", equalTo("HOLIDAY")).body("name", equalTo("改为休息"));
        assertFalse(calendar.isWorkingDay(saturday));
        assertEquals(1, fixtures.count("SELECT count(*) FROM calendar_day WHERE day = DATE '2031-04-19' AND name = '改为休息'"));
    }

    @Test
    void onlyTheDistrictAdminChangesTheCalendar() {
        for (String user : new String[] {fixtures.communityWorker(4), fixtures.staff("DISTRICT_STAFF", 1L, null, null, null, null)}) {
            String token = Fixtures.accessToken(user);
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "不许"))
                    .put("/api/calendar/days/2031-05-14").then(), 403, "forbidden");
            assertProblem(given().auth().oauth2(token).delete("/api/calendar/days/2025-01-01").then(), 403, "forbidden");
        }
        assertEquals(0, fixtures.count("SELECT count(*) FROM calendar_day WHERE day = DATE '2031-05-14'"));
        assertEquals(1, fixtures.count("SELECT count(*) FROM calendar_day WHERE day = DATE '2025-01-01'"));
        assertProblem(given().get("/api/calendar/2025").then(), 401, "unauthorized");
    }

    @Test
    void aWorkdayMustFallOnAWeekendAndNamesAreChecked() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(change("WORKDAY", "周三上班"))
                .put("/api/calendar/days/2031-06-11").then(), 422, "validation")
                .body("errors[0].field", equalTo("kind"));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "   "))
                .put("/api/calendar/days/2031-06-11").then(), 422, "validation")
                .body("errors[0].field", equalTo("name"));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "节".repeat(41)))
                .put("/api/calendar/days/2031-06-11").then(), 422, "validation")
                .body("errors[0].field", equalTo("name"));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "没有类型"))
                .put("/api/calendar/days/2031-06-11").then(), 422, "validation")
                .body("errors[0].field", equalTo("kind"));
        assertEquals(0, fixtures.count("SELECT count(*) FROM calendar_day WHERE day = DATE '2031-06-11'"));
        // Forty characters is fine.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "节".repeat(40)))
                .put("/api/calendar/days/2031-06-14").then().statusCode(200).body("name", equalTo("节".repeat(40)));
    }

    @Test
    void badDatesAndYearsInThePathAreBadRequests() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        for (String bad : new String[] {"2031-02-30", "tomorrow", "2031-6-1"}) {
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(change("HOLIDAY", "x"))
                    .put("/api/calendar/days/" + bad).then(), 400, "wrong-type")
                    .body("errors[0].field", equalTo("date"));
            assertProblem(given().auth().oauth2(token).delete("/api/calendar/days/" + bad).then(), 400, "wrong-type")
                    .body("errors[0].field", equalTo("date"));
        }
        assertProblem(given().auth().oauth2(token).get("/api/calendar/twenty").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("year"));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(change("SOMETIMES", "x"))
                .put("/api/calendar/days/2031-06-11").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("kind"));
    }
}
