package cn.palmcommunity.station;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.station.StationFixtures.COMMUNITY;
import static cn.palmcommunity.station.StationFixtures.area;
import static cn.palmcommunity.station.StationFixtures.at;
import static cn.palmcommunity.station.StationFixtures.create;
import static cn.palmcommunity.station.StationFixtures.warm;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Check-ins and people served, ratings, and problem reports that become petitions. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class StationVisitsTest {

    @Inject
    Fixtures fixtures;

    private long station() {
        return create(Fixtures.accessToken(fixtures.districtAdmin()), warm("到访驿站", area(), "24/7"));
    }

    private static JsonPath checkIn(long id, String device) {
        return given().header("X-Device-Id", device).post("/api/stations/" + id + "/checkins")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDeviceCountsOncePerStationAndHour() {
        long id = station();
        long other = station();
        String device = "dev-" + UUID.randomUUID();
        at(LocalDateTime.of(2026, 11, 4, 10, 5));
        JsonPath first = checkIn(id, device);
        assertTrue(first.getBoolean("counted"));
        assertEquals("2026-11-04T10:00:00+08:00", first.getString("hour"));
        assertEquals(1, first.getLong("servedThisYear"));
        at(LocalDateTime.of(2026, 11, 4, 10, 59));
        assertFalse(checkIn(id, device).getBoolean("counted"), "same device, same hour");
        assertTrue(checkIn(other, device).getBoolean("counted"), "another station counts on its own");
        assertTrue(checkIn(id, "dev-" + UUID.randomUUID()).getBoolean("counted"), "another device");
        at(LocalDateTime.of(2026, 11, 4, 11, 0));
        JsonPath nextHour = checkIn(id, device);
        assertTrue(nextHour.getBoolean("counted"));
        assertEquals(3, nextHour.getLong("servedThisYear"));

        // A logged-in rider counts as their account, whatever device they use.
        String rider = Fixtures.miniProgramToken("RIDER");
        given().auth().oauth2(rider).post("/api/stations/" + id + "/checkins").then().statusCode(200).body("counted", equalTo(true));
        given().auth().oauth2(rider).header("X-Device-Id", "another-phone").post("/api/stations/" + id + "/checkins")
                .then().statusCode(200).body("counted", equalTo(false));

        // Devices are kept only as a hash.
        assertEquals(0, fixtures.count("SELECT count(*) FROM station_checkin WHERE visitor LIKE '%' || $1 || '%'", device));
        given().get("/api/stations/" + id).then().body("servedThisYear", equalTo(4));
    }

    @Test
    void checkInNeedsADeviceOrAnAccountAndAnOpenStation() {
        long id = station();
        assertProblem(given().post("/api/stations/" + id + "/checkins").then(), 422, "validation")
                .body("errors[0].field", equalTo("X-Device-Id"));
        assertProblem(given().header("X-Device-Id", "x".repeat(101)).post("/api/stations/" + id + "/checkins").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("X-Device-Id"));
        assertProblem(given().header("X-Device-Id", "d1").post("/api/stations/987654321/checkins").then(), 404, "not-found");
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("reason", "撤销")).post("/api/stations/" + id + "/close")
                .then().statusCode(200);
        assertProblem(given().header("X-Device-Id", "d1").post("/api/stations/" + id + "/checkins").then(), 409, "station-closed");
        assertProblem(given().auth().oauth2("not-a-token").header("X-Device-Id", "d1").post("/api/stations/" + id + "/checkins").then(),
                401, "unauthorized");
    }

    @Test
    void servedCountsPerDayMonthAndYearForStaffInScope() {
        long id = station();
        String[][] visits = {
            {"2026-11-04T09:10", "a"}, {"2026-11-04T09:20", "b"}, {"2026-11-04T23:50", "a"},
            {"2026-11-05T00:10", "a"}, {"2026-12-01T08:00", "c"}, {"2025-12-31T23:30", "d"}};
        for (String[] v : visits) {
            at(LocalDateTime.parse(v[0]));
            assertTrue(checkIn(id, "served-" + id + "-" + v[1]).getBoolean("counted"));
        }
        at(LocalDateTime.of(2026, 12, 2, 12, 0));
        String worker = Fixtures.accessToken(fixtures.communityWorker(COMMUNITY));

        JsonPath days = given().auth().oauth2(worker).queryParam("period", "day").queryParam("from", "2026-11-04").queryParam("to", "2026-11-06")
                .get("/api/stations/" + id + "/served").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("2026-11-04", "2026-11-05", "2026-11-06"), days.getList("counts.period"));
        assertEquals(List.of(3, 1, 0), days.getList("counts.count"));
        assertEquals(4, days.getInt("total"));

        JsonPath months = given().auth().oauth2(worker).queryParam("period", "month").queryParam("from", "2025-12-15")
                .get("/api/stations/" + id + "/served").then().statusCode(200).extract().jsonPath();
        assertEquals("2025-12-01", months.getString("from"), "widened to whole months");
        assertEquals("2026-12-31", months.getString("to"));
        assertEquals(13, months.getList("counts").size());
        assertEquals(1, months.getInt("counts[0].count"));
        assertEquals("2026-11", months.getString("counts[11].period"));
        assertEquals(4, months.getInt("counts[11].count"));
        assertEquals(1, months.getInt("counts[12].count"));

        JsonPath years = given().auth().oauth2(worker).queryParam("period", "year")
                .get("/api/stations/" + id + "/served").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("2022", "2023", "2024", "2025", "2026"), years.getList("counts.period"));
        assertEquals(List.of(0, 0, 0, 1, 5), years.getList("counts.count"));
        given().get("/api/stations/" + id).then().body("servedThisYear", equalTo(5));

        assertProblem(given().auth().oauth2(worker).queryParam("period", "week").get("/api/stations/" + id + "/served").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("period"));
        assertProblem(given().auth().oauth2(worker).queryParam("from", "2026-13-01").get("/api/stations/" + id + "/served").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("from"));
        assertProblem(given().auth().oauth2(worker).queryParam("period", "day").queryParam("from", "2026-11-05").queryParam("to", "2026-11-01")
                .get("/api/stations/" + id + "/served").then(), 422, "validation").body("errors[0].field", equalTo("to"));
        assertProblem(given().auth().oauth2(worker).queryParam("period", "day").queryParam("from", "2020-01-01")
                .get("/api/stations/" + id + "/served").then(), 422, "validation").body("errors[0].field", equalTo("from"));
        assertProblem(given().get("/api/stations/" + id + "/served").then(), 401, "unauthorized");
        assertProblem(given().auth().oauth2(Fixtures.miniProgramToken("RIDER")).get("/api/stations/" + id + "/served").then(), 403, "forbidden");
    }

    @Test
    void ratingsAreOnePerVisitorAndValidated() {
        long id = station();
        String device = "rate-" + UUID.randomUUID();
        for (Object[] bad : new Object[][] {{Map.of("rating", 0), "rating"}, {Map.of("rating", 6), "rating"}, {Map.of("comment", "好"), "rating"},
            {Map.of("rating", 4, "comment", "长".repeat(501)), "comment"}}) {
            assertProblem(given().header("X-Device-Id", device).contentType(ContentType.JSON).body(bad[0])
                    .post("/api/stations/" + id + "/ratings").then(), 422, "validation").body("errors[0].field", equalTo(bad[1]));
        }
        assertProblem(given().header("X-Device-Id", device).contentType(ContentType.JSON).body("{\"rating\":\"five\"}")
                .post("/api/stations/" + id + "/ratings").then(), 400, "wrong-type").body("errors[0].field", equalTo("rating"));
        given().header("X-Device-Id", device).contentType(ContentType.JSON).body(Map.of("rating", 4, "comment", "热水方便"))
                .post("/api/stations/" + id + "/ratings").then().statusCode(200)
                .body("ratingAverage", equalTo(4.0f)).body("ratingCount", equalTo(1));
        given().header("X-Device-Id", device).contentType(ContentType.JSON).body(Map.of("rating", 2))
                .post("/api/stations/" + id + "/ratings").then().statusCode(200)
                .body("ratingAverage", equalTo(2.0f)).body("ratingCount", equalTo(1)).body("comment", nullValue());
        given().header("X-Device-Id", "rate-" + UUID.randomUUID()).contentType(ContentType.JSON).body(Map.of("rating", 5))
                .post("/api/stations/" + id + "/ratings").then().statusCode(200)
                .body("ratingAverage", equalTo(3.5f)).body("ratingCount", equalTo(2));
        given().get("/api/stations/" + id).then().body("ratingAverage", equalTo(3.5f)).body("ratingCount", equalTo(2));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("rating", 5)).post("/api/stations/" + id + "/ratings").then(),
                422, "validation").body("errors[0].field", equalTo("X-Device-Id"));
        assertProblem(given().header("X-Device-Id", device).contentType(ContentType.JSON).body(Map.of("rating", 5))
                .post("/api/stations/987654321/ratings").then(), 404, "not-found");
    }

    @Test
    void aProblemReportBecomesAPetitionInTheCommunityInbox() {
        long id = station();
        long before = fixtures.count("SELECT count(*) FROM petition");
        JsonPath anonymous = given().header("X-Device-Id", "problem-" + UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("text", "充电柜第二排插座坏了"))
                .post("/api/stations/" + id + "/problems").then().statusCode(201)
                .body("status", equalTo("SUBMITTED")).body("followUrl", nullValue())
                .extract().jsonPath();
        long petition = anonymous.getLong("petitionId");
        var row = fixtures.sql("""
                SELECT category_code, community_id, channel, reporter_id, anonymous, body,
                       ST_Distance(location, (SELECT location FROM station WHERE id = $2)) AS metres
                  FROM petition WHERE id = $1""", petition, id).iterator().next();
        assertEquals("STATION_PROBLEM", row.getString("category_code"));
        assertEquals(COMMUNITY, row.getLong("community_id"));
        assertEquals("RIDER_INVESTIGATOR", row.getString("channel"));
        assertEquals(null, row.getLong("reporter_id"));
        assertTrue(row.getString("body").contains("到访驿站") && row.getString("body").contains("充电柜第二排插座坏了"));
        assertTrue(row.getDouble("metres") < 0.01, "placed at the station");
        assertEquals(1, fixtures.count("SELECT count(*) FROM station_problem WHERE station_id = $1 AND petition_id = $2", id, petition));

        String worker = Fixtures.accessToken(fixtures.communityWorker(COMMUNITY));
        given().auth().oauth2(worker).queryParam("category", "STATION_PROBLEM").queryParam("limit", 100).get("/api/petitions/inbox")
                .then().statusCode(200).body("items.id", hasItem((int) petition));
        String elsewhere = Fixtures.accessToken(fixtures.communityWorker(8));
        given().auth().oauth2(elsewhere).queryParam("category", "STATION_PROBLEM").queryParam("limit", 100).get("/api/petitions/inbox")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem((int) petition)));

        // A logged-in rider follows it like any petition of theirs.
        String rider = Fixtures.miniProgramToken("RIDER");
        String follow = given().auth().oauth2(rider).contentType(ContentType.JSON).body(Map.of("text", "门口台阶结冰", "contactPhone", "13912345678"))
                .post("/api/stations/" + id + "/problems").then().statusCode(201)
                .body("followUrl", containsString("/api/petitions/mine/")).extract().path("followUrl");
        given().auth().oauth2(rider).get(follow).then().statusCode(200)
                .body("categoryCode", equalTo("STATION_PROBLEM")).body("status", equalTo("SUBMITTED"));

        assertProblem(given().header("X-Device-Id", "p").contentType(ContentType.JSON).body(Map.of("text", " "))
                .post("/api/stations/" + id + "/problems").then(), 422, "validation").body("errors[0].field", equalTo("text"));
        assertProblem(given().header("X-Device-Id", "p").contentType(ContentType.JSON).body(Map.of("text", "坏了", "contactPhone", "123"))
                .post("/api/stations/" + id + "/problems").then(), 422, "validation").body("errors[0].field", equalTo("contactPhone"));
        assertProblem(given().header("X-Device-Id", "p").contentType(ContentType.JSON).body(Map.of("text", "坏了"))
                .post("/api/stations/987654321/problems").then(), 404, "not-found");
        assertEquals(before + 2, fixtures.count("SELECT count(*) FROM petition"));
    }
}
