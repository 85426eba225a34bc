package cn.palmcommunity.station;

import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.Distances;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.station.StationFixtures.area;
import static cn.palmcommunity.station.StationFixtures.at;
import static cn.palmcommunity.station.StationFixtures.create;
import static cn.palmcommunity.station.StationFixtures.ids;
import static cn.palmcommunity.station.StationFixtures.offset;
import static cn.palmcommunity.station.StationFixtures.warm;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The riders' searches: nearest first, coordinates, filters, open now, GeoJSON, map box, text, bad input. */
@QuarkusTest
class StationSearchTest {

    @Inject
    Fixtures fixtures;

    private String staff;

    @BeforeEach
    void staff() {
        staff = Fixtures.accessToken(fixtures.districtAdmin());
    }

    private static JsonPath nearby(GeoPoint wgs, Map<String, ?> extra) {
        return given().queryParam("lat", wgs.latitude()).queryParam("lng", wgs.longitude()).queryParam("coord", "wgs84")
                .queryParams(extra)
                .get("/api/stations/nearby").then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().using(StationFixtures.DOUBLES);
    }

    @Test
    void nearestFirstWithDistancesInMetresAndTheRadiusAsCap() {
        GeoPoint origin = area();
        GeoPoint east300 = offset(origin, 0, 300);
        GeoPoint north800 = offset(origin, 800, 0);
        GeoPoint southWest1500 = offset(origin, -1060.66, -1060.66);
        GeoPoint north4000 = offset(origin, 4000, 0);
        long a = create(staff, warm("北八百", north800, "24/7"));
        long b = create(staff, warm("东三百", east300, "24/7"));
        long c = create(staff, warm("西南一千五", southWest1500, "24/7"));
        long d = create(staff, warm("北四千", north4000, "24/7"));

        JsonPath found = nearby(origin, Map.of());
        assertEquals(List.of(b, a, c), ids(found.getList("items.id")), "nearest first, and the default radius is 3 km");
        assertEquals("wgs84", found.getString("coord"));
        long[] expected = {300, 800, 1500};
        GeoPoint[] points = {east300, north800, southWest1500};
        for (int i = 0; i < 3; i++) {
            long metres = found.getLong("items[" + i + "].distanceMetres");
            assertEquals(expected[i], metres, expected[i] * 0.01, "item " + i);
            assertEquals(Distances.haversineMetres(origin, points[i]), metres, expected[i] * 0.006 + 1, "item " + i);
        }
        assertEquals(List.of(b, a, c, d), ids(nearby(origin, Map.of("radius", 5000)).getList("items.id")));
        assertEquals(List.of(b), ids(nearby(origin, Map.of("radius", 500)).getList("items.id")));
        assertEquals(List.of(b, a), ids(nearby(origin, Map.of("limit", 2)).getList("items.id")));
    }

    @Test
    void aWeChatGcj02PositionFindsTheSameStationAsItsWgs84Pair() {
        // The eviltransform project's published Shanghai pair (also used in ChinaCoordinatesTest).
        GeoPoint wgs = new GeoPoint(31.1774276, 121.5272106);
        GeoPoint gcj = new GeoPoint(31.17530398364597, 121.531541859215);
        long id = create(staff, warm("上海测试驿站", wgs, "24/7"));

        JsonPath byGcj = given().queryParam("lat", gcj.latitude()).queryParam("lng", gcj.longitude()) // coord defaults to gcj02
                .get("/api/stations/nearby").then().statusCode(200).extract().jsonPath().using(StationFixtures.DOUBLES);
        assertEquals(id, byGcj.getLong("items[0].id"));
        assertTrue(byGcj.getLong("items[0].distanceMetres") <= 1, "the GCJ-02 reading is the station's own position");
        assertEquals("gcj02", byGcj.getString("coord"));
        assertEquals(gcj.latitude(), byGcj.getDouble("items[0].lat"), 1e-6, "answered in the system asked in");
        assertEquals(gcj.longitude(), byGcj.getDouble("items[0].lng"), 1e-6);
        assertTrue(byGcj.getString("items[0].navigationUrl").startsWith("https://uri.amap.com/navigation?to=121.531542,31.175304,"));

        JsonPath byWgs = nearby(wgs, Map.of());
        assertEquals(id, byWgs.getLong("items[0].id"));
        assertTrue(byWgs.getLong("items[0].distanceMetres") <= 1);
        assertEquals(wgs.latitude(), byWgs.getDouble("items[0].lat"), 1e-6);

        // Taking the GCJ-02 numbers for WGS-84 puts the rider hundreds of metres off.
        JsonPath wrong = nearby(gcj, Map.of());
        assertTrue(wrong.getLong("items[0].distanceMetres") > 400, "the datum offset matters");

        // A station entered on a WeChat map (GCJ-02) is stored at the WGS-84 pair.
        Map<String, Object> body = warm("上海测试驿站二", gcj, "24/7");
        body.put("coord", "gcj02");
        long second = create(staff, body);
        JsonPath detail = given().queryParam("coord", "wgs84").get("/api/stations/" + second).then().statusCode(200).extract().jsonPath().using(StationFixtures.DOUBLES);
        assertEquals(wgs.latitude(), detail.getDouble("lat"), 1e-7);
        assertEquals(wgs.longitude(), detail.getDouble("lng"), 1e-7);
    }

    @Test
    void requiredAmenitiesMustAllBePresent() {
        GeoPoint origin = area();
        long both = create(staff, warm("甲", offset(origin, 100, 0), "24/7", "TOILET", "MICROWAVE"));
        long toilet = create(staff, warm("乙", offset(origin, 200, 0), "24/7", "TOILET"));
        long microwave = create(staff, warm("丙", offset(origin, 300, 0), "24/7", "MICROWAVE", "PHONE_CHARGING"));
        long all = create(staff, warm("丁", offset(origin, 400, 0), "24/7", "WIFI", "MICROWAVE", "TOILET"));

        assertEquals(List.of(both, all), ids(nearby(origin, Map.of("amenity", "TOILET,MICROWAVE")).getList("items.id")));
        assertEquals(List.of(both, microwave, all), ids(nearby(origin, Map.of("amenity", "microwave")).getList("items.id")));
        assertEquals(List.of(both, toilet, all), ids(nearby(origin, Map.of("amenity", "TOILET")).getList("items.id")));
        assertEquals(List.of(microwave), ids(nearby(origin, Map.of("amenity", "PHONE_CHARGING,MICROWAVE")).getList("items.id")));
        assertEquals(List.of("MICROWAVE", "TOILET", "WIFI"), nearby(origin, Map.of("amenity", "WIFI")).getList("items[0].amenities"));
    }

    @Test
    void kindsFilter() {
        GeoPoint origin = area();
        long warmStation = create(staff, warm("暖", offset(origin, 100, 0), "24/7"));
        Map<String, Object> eatery = warm("饭", offset(origin, 200, 0), "24/7");
        eatery.put("kind", "EATERY");
        eatery.put("discount", "九折");
        long eateryId = create(staff, eatery);
        Map<String, Object> legal = warm("法", offset(origin, 300, 0), "Tu 09:00-12:00; Th 14:00-17:30; PH off");
        legal.put("kind", "LEGAL_AID");
        long legalId = create(staff, legal);
        assertEquals(List.of(eateryId), ids(nearby(origin, Map.of("kind", "EATERY")).getList("items.id")));
        assertEquals(List.of(warmStation, legalId), ids(nearby(origin, Map.of("kind", "warm,LEGAL_AID")).getList("items.id")));
    }

    @Test
    void openNowAtAControlledMomentWithClosingAndOpeningTimes() {
        GeoPoint origin = area();
        long weekdays = create(staff, warm("工作日", offset(origin, 100, 0), "Mo-Fr 08:00-18:00"));
        long weekend = create(staff, warm("周末", offset(origin, 200, 0), "Sa,Su 09:00-17:00"));
        long always = create(staff, warm("全天", offset(origin, 300, 0), "24/7"));
        long night = create(staff, warm("夜宵", offset(origin, 400, 0), "Mo-Su 18:00-03:00"));

        at(LocalDateTime.of(2026, 11, 4, 12, 0)); // a Wednesday
        assertEquals(List.of(weekdays, always), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
        JsonPath every = nearby(origin, Map.of());
        assertEquals(List.of(weekdays, weekend, always, night), ids(every.getList("items.id")));
        assertEquals(List.of(true, false, true, false), every.getList("items.openNow"));
        assertEquals("2026-11-04T18:00:00+08:00", every.getString("items[0].closesAt"));
        assertEquals("2026-11-07T09:00:00+08:00", every.getString("items[1].opensAt"));
        assertEquals(null, every.getString("items[2].closesAt"), "open around the clock");
        assertEquals("2026-11-04T18:00:00+08:00", every.getString("items[3].opensAt"));
        assertEquals("Mo-Su 18:00-03:00", every.getString("items[3].openingHours"));

        at(LocalDateTime.of(2026, 11, 5, 1, 30)); // Thursday night: yesterday's evening interval runs on
        JsonPath late = nearby(origin, Map.of("openNow", "true"));
        assertEquals(List.of(always, night), ids(late.getList("items.id")));
        assertEquals("2026-11-05T03:00:00+08:00", late.getString("items[1].closesAt"));

        at(LocalDateTime.of(2026, 11, 5, 3, 0)); // closing time itself is closed
        assertEquals(List.of(always), ids(nearby(origin, Map.of("openNow", "true")).getList("items.id")));
    }

    @Test
    void pastMidnightOnlyCountsForTheDayItOpened() {
        GeoPoint origin = area();
        long mondayNight = create(staff, warm("周一夜", offset(origin, 100, 0), "Mo 22:00-02:00"));
        long sundayNight = create(staff, warm("周日夜", offset(origin, 200, 0), "Su 22:00-02:00"));
        at(LocalDateTime.of(2026, 11, 10, 1, 0)); // Tuesday 01:00
        assertEquals(List.of(mondayNight), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
        at(LocalDateTime.of(2026, 11, 9, 1, 0)); // Monday 01:00: Sunday's night
        assertEquals(List.of(sundayNight), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
        at(LocalDateTime.of(2026, 11, 9, 23, 0)); // Monday 23:00
        assertEquals(List.of(mondayNight), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
    }

    @Test
    void publicHolidaysFollowTheWorkingCalendar() {
        GeoPoint origin = area();
        long closedOnHolidays = create(staff, warm("节假日休息", offset(origin, 100, 0), "Mo-Fr 08:00-18:00; PH off"));
        long asUsual = create(staff, warm("照常", offset(origin, 200, 0), "Mo-Fr 08:00-18:00"));
        long ownHours = create(staff, warm("节日时间", offset(origin, 300, 0), "Mo-Fr 08:00-18:00; PH 10:00-16:00"));

        at(LocalDateTime.of(2026, 10, 1, 11, 0)); // National Day, a Thursday (calendar_day HOLIDAY)
        assertEquals(List.of(asUsual, ownHours), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
        JsonPath holiday = nearby(origin, Map.of());
        assertEquals("2026-10-01T16:00:00+08:00", holiday.getString("items[2].closesAt"));
        assertEquals("2026-10-08T08:00:00+08:00", holiday.getString("items[0].opensAt"), "the holiday week ends on the 7th");

        at(LocalDateTime.of(2026, 10, 1, 9, 0)); // before the holiday hours begin
        assertEquals(List.of(asUsual), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));

        at(LocalDateTime.of(2026, 10, 9, 9, 0)); // an ordinary Friday
        assertEquals(List.of(closedOnHolidays, asUsual, ownHours), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
    }

    @Test
    void temporaryClosuresOverrideTheWeek() {
        GeoPoint origin = area();
        long repaired = create(staff, warm("检修中", offset(origin, 100, 0), "24/7"));
        long open = create(staff, warm("正常", offset(origin, 200, 0), "24/7"));
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-11-04T08:00:00+08:00", "until", "2026-11-04T14:00:00+08:00", "reason", "供暖设备检修"))
                .post("/api/stations/" + repaired + "/closures").then().statusCode(201)
                .body("reason", equalTo("供暖设备检修")).body("until", equalTo("2026-11-04T14:00:00+08:00"));

        at(LocalDateTime.of(2026, 11, 4, 12, 0));
        assertEquals(List.of(open), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
        JsonPath every = nearby(origin, Map.of());
        assertEquals(false, every.getBoolean("items[0].openNow"));
        assertEquals("供暖设备检修", every.getString("items[0].closureReason"));
        assertEquals("2026-11-04T14:00:00+08:00", every.getString("items[0].opensAt"));
        given().get("/api/stations/" + repaired).then().statusCode(200)
                .body("openNow", equalTo(false)).body("closures", hasSize(1)).body("closures[0].reason", equalTo("供暖设备检修"));

        at(LocalDateTime.of(2026, 11, 4, 7, 0)); // before it: closes when the closure starts
        assertEquals("2026-11-04T08:00:00+08:00", nearby(origin, Map.of()).getString("items[0].closesAt"));

        at(LocalDateTime.of(2026, 11, 4, 14, 0));
        assertEquals(List.of(repaired, open), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));

        // Until further notice.
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-11-04T15:00:00+08:00", "reason", "充电柜维修"))
                .post("/api/stations/" + repaired + "/closures").then().statusCode(201).body("until", nullValue());
        at(LocalDateTime.of(2026, 12, 24, 12, 0));
        JsonPath later = nearby(origin, Map.of());
        assertEquals("充电柜维修", later.getString("items[0].closureReason"));
        assertEquals(null, later.getString("items[0].opensAt"));
        assertEquals(List.of(open), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
    }

    @Test
    void geoJsonIsAnRfc7946FeatureCollectionInWgs84() {
        GeoPoint origin = area();
        GeoPoint where = offset(origin, 250, 0);
        long id = create(staff, warm("地图驿站", where, "24/7", "TOILET"));
        GeoPoint gcjOrigin = ChinaCoordinates.wgs84ToGcj02(origin);
        for (var request : List.of(
                given().accept("application/geo+json"),
                given().queryParam("format", "geojson"))) {
            JsonPath geo = request.queryParam("lat", gcjOrigin.latitude()).queryParam("lng", gcjOrigin.longitude())
                    .get("/api/stations/nearby").then().statusCode(200).contentType("application/geo+json").extract().jsonPath().using(StationFixtures.DOUBLES);
            assertEquals("FeatureCollection", geo.getString("type"));
            assertEquals("Feature", geo.getString("features[0].type"));
            assertEquals(id, geo.getLong("features[0].id"));
            assertEquals("Point", geo.getString("features[0].geometry.type"));
            List<Double> coordinates = geo.getList("features[0].geometry.coordinates", Double.class);
            assertEquals(where.longitude(), coordinates.get(0), 1e-7, "[longitude, latitude] in WGS-84 even for a GCJ-02 request");
            assertEquals(where.latitude(), coordinates.get(1), 1e-7);
            assertEquals("地图驿站", geo.getString("features[0].properties.name"));
            assertEquals(List.of("TOILET"), geo.getList("features[0].properties.amenities"));
            assertEquals(250, geo.getLong("features[0].properties.distanceMetres"), 3);
            assertEquals(true, geo.getBoolean("features[0].properties.openNow"));
        }
    }

    @Test
    void aMapBoxAnswersTheStationsInsideItCappedInAreaAndCount() {
        GeoPoint origin = area();
        long inside1 = create(staff, warm("框内一", offset(origin, 100, 100), "24/7"));
        long inside2 = create(staff, warm("框内二", offset(origin, 900, 900), "24/7"));
        create(staff, warm("框外", offset(origin, 3000, 0), "24/7"));
        GeoPoint sw = origin;
        GeoPoint ne = offset(origin, 1000, 1000);
        JsonPath box = given().queryParam("south", sw.latitude()).queryParam("west", sw.longitude())
                .queryParam("north", ne.latitude()).queryParam("east", ne.longitude()).queryParam("coord", "wgs84")
                .get("/api/stations/within").then().statusCode(200).extract().jsonPath().using(StationFixtures.DOUBLES);
        assertEquals(2, box.getList("items").size());
        assertTrue(ids(box.getList("items.id")).containsAll(List.of(inside1, inside2)));
        assertEquals(false, box.getBoolean("truncated"));
        given().queryParam("south", sw.latitude()).queryParam("west", sw.longitude())
                .queryParam("north", ne.latitude()).queryParam("east", ne.longitude()).queryParam("coord", "wgs84").queryParam("limit", 1)
                .get("/api/stations/within").then().statusCode(200).body("items", hasSize(1)).body("truncated", equalTo(true));

        assertProblem(given().queryParam("south", 30).queryParam("west", 110).queryParam("north", 30.6).queryParam("east", 110.1)
                .get("/api/stations/within").then(), 422, "validation").body("errors[0].field", equalTo("north"));
        assertProblem(given().queryParam("south", 30).queryParam("west", 110).queryParam("north", 30.1).queryParam("east", 111)
                .get("/api/stations/within").then(), 422, "validation").body("errors[0].field", equalTo("east"));
        assertProblem(given().queryParam("south", 30.1).queryParam("west", 110).queryParam("north", 30).queryParam("east", 110.1)
                .get("/api/stations/within").then(), 422, "validation").body("errors[0].field", equalTo("north"));
        assertProblem(given().queryParam("south", 30).queryParam("north", 30.1).queryParam("east", 110.1)
                .get("/api/stations/within").then(), 400, "wrong-type").body("errors[0].field", equalTo("west"));
    }

    @Test
    void textSearchByNameOrAddress() {
        GeoPoint origin = area();
        String token = "检索" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> byName = warm(token + "驿站", offset(origin, 900, 0), "24/7");
        long nameMatch = create(staff, byName);
        Map<String, Object> byAddress = warm("另一个驿站", offset(origin, 100, 0), "24/7");
        byAddress.put("address", token + "路12号");
        long addressMatch = create(staff, byAddress);
        create(staff, warm("无关驿站", offset(origin, 50, 0), "24/7"));

        assertEquals(List.of(nameMatch, addressMatch), ids(given().queryParam("q", token)
                .get("/api/stations/search").then().statusCode(200).extract().jsonPath().using(StationFixtures.DOUBLES).getList("items.id")), "name matches first");
        JsonPath near = given().queryParam("q", token).queryParam("lat", origin.latitude()).queryParam("lng", origin.longitude())
                .queryParam("coord", "wgs84").get("/api/stations/search").then().statusCode(200).extract().jsonPath().using(StationFixtures.DOUBLES);
        assertEquals(List.of(addressMatch, nameMatch), ids(near.getList("items.id")), "nearest first with a position");
        assertEquals(100, near.getLong("items[0].distanceMetres"), 2);
        given().queryParam("q", token + "%").get("/api/stations/search").then().statusCode(200).body("items", hasSize(0));
        assertProblem(given().get("/api/stations/search").then(), 400, "wrong-type").body("errors[0].field", equalTo("q"));
        assertProblem(given().queryParam("q", "x".repeat(51)).get("/api/stations/search").then(), 422, "validation")
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void badSearchInputNamesTheField() {
        Object[][] cases = {
            {Map.of("lat", "91", "lng", "120"), 400, "lat"},
            {Map.of("lat", "36", "lng", "-181"), 400, "lng"},
            {Map.of("lat", "north", "lng", "120"), 400, "lat"},
            {Map.of("lng", "120"), 400, "lat"},
            {Map.of("lat", "36", "lng", "120", "coord", "bd09"), 400, "coord"},
            {Map.of("lat", "36", "lng", "120", "radius", "10001"), 400, "radius"},
            {Map.of("lat", "36", "lng", "120", "radius", "far"), 400, "radius"},
            {Map.of("lat", "36", "lng", "120", "amenity", "TOILET,JACUZZI"), 422, "amenity"},
            {Map.of("lat", "36", "lng", "120", "kind", "WARM,SPA"), 400, "kind"},
            {Map.of("lat", "36", "lng", "120", "openNow", "maybe"), 400, "openNow"},
            {Map.of("lat", "36", "lng", "120", "limit", "51"), 400, "limit"},
            {Map.of("lat", "36", "lng", "120", "format", "kml"), 400, "format"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, String> params = (Map<String, String>) c[0];
            int status = (int) c[1];
            assertProblem(given().queryParams(params).get("/api/stations/nearby").then(), status, status == 400 ? "wrong-type" : "validation")
                    .body("errors[0].field", equalTo(c[2]))
                    .body("detail", containsString((String) c[2]));
        }
        assertProblem(given().queryParam("lat", 36).queryParam("lng", 120).queryParam("amenity", "JACUZZI")
                .get("/api/stations/nearby").then(), 422, "validation")
                .body("errors[0].message", containsString("JACUZZI"));
        assertProblem(given().get("/api/stations/987654321").then(), 404, "not-found");
    }
}
