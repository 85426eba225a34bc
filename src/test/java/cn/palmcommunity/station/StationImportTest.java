package cn.palmcommunity.station;

import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.station.StationFixtures.COMMUNITY;
import static cn.palmcommunity.station.StationFixtures.area;
import static cn.palmcommunity.station.StationFixtures.offset;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A district's list in bulk: per-row report, valid rows stored, idempotent by external id. */
@QuarkusTest
class StationImportTest {

    @Inject
    Fixtures fixtures;

    private static String at(GeoPoint p) {
        return String.format(Locale.ROOT, "%.7f,%.7f", p.latitude(), p.longitude());
    }

    private JsonPath importCsv(String token, String csv) {
        return given().auth().oauth2(token).contentType("text/csv; charset=UTF-8").body(csv)
                .post("/api/stations/import").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void csvRowsAreCheckedOneByOneAndTheValidOnesStored() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String prefix = "CSV-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        GeoPoint origin = area();
        String csv = "externalId,kind,name,lat,lng,communityId,openingHours,amenities,address,discount\r\n"
                + prefix + "1,WARM,一号驿站," + at(offset(origin, 100, 0)) + "," + COMMUNITY + ",24/7,TOILET;MICROWAVE,\"登州路1号, 临街\",\r\n"
                + prefix + "2,EATERY,二号餐馆," + at(offset(origin, 200, 0)) + "," + COMMUNITY + ",\"Mo-Su 10:30-14:00,17:00-21:30\",SEATS,,九折\r\n"
                + prefix + "3,WARM,三号驿站," + at(offset(origin, 300, 0)) + "," + COMMUNITY + ",Mo-Fr 8-18,,,\r\n"
                + prefix + "4,WARM,四号驿站," + at(offset(origin, 400, 0)) + "," + COMMUNITY + ",24/7,TOILET;JACUZZI,,\r\n"
                + "\r\n"
                + prefix + "1,WARM,重复编号," + at(offset(origin, 500, 0)) + "," + COMMUNITY + ",24/7,,,\r\n"
                + prefix + "6,WARM,六号驿站,200," + origin.longitude() + "," + COMMUNITY + ",24/7,,,\r\n"
                + prefix + "7,SPA,七号," + at(origin) + "," + COMMUNITY + ",24/7,,,\r\n"
                + prefix + "8,WARM,八号," + at(origin) + ",99999,24/7,,,\r\n";
        JsonPath report = importCsv(admin, csv);
        assertEquals(8, report.getInt("received"));
        assertEquals(2, report.getInt("created"));
        assertEquals(0, report.getInt("updated"));
        assertEquals(6, report.getInt("failed"));
        assertEquals(List.of(1, 2), report.getList("stored.row"));
        assertEquals(List.of(3, 4, 5, 6, 7, 8), report.getList("errors.row"));
        assertEquals(List.of(4, 5, 7, 8, 9, 10), report.getList("errors.line"), "CSV lines, counting the header and the blank line");
        assertEquals(List.of("openingHours", "amenities[1]", "externalId", "lat", "kind", "communityId"), report.getList("errors.field"));
        assertTrue(report.getString("errors[0].message").contains("position"));
        assertEquals(prefix + "3", report.getString("errors[0].externalId"));

        long first = report.getLong("stored[0].id");
        given().get("/api/stations/" + first).then().statusCode(200)
                .body("address", equalTo("登州路1号, 临街")).body("amenities", equalTo(List.of("MICROWAVE", "TOILET")));
        long second = report.getLong("stored[1].id");
        given().get("/api/stations/" + second).then().body("kind", equalTo("EATERY")).body("discount", equalTo("九折"))
                .body("openingHours", equalTo("Mo-Su 10:30-14:00,17:00-21:30"));
        assertEquals(1, fixtures.count("SELECT count(*) FROM audit_log WHERE subject_type = 'STATION' AND subject_id = $1 AND action = 'STATION_CREATE'", first));
        assertEquals(2, fixtures.count("SELECT count(*) FROM station_hours WHERE station_id = $1", second) / 7);

        // The same list again, one row changed: the same stations are updated, none added.
        JsonPath again = importCsv(admin, "externalId,kind,name,lat,lng,communityId,openingHours\n"
                + prefix + "1,WARM,一号驿站（新址）," + at(offset(origin, 150, 0)) + "," + COMMUNITY + ",Mo-Su 07:00-22:00\n"
                + prefix + "2,EATERY,二号餐馆," + at(offset(origin, 200, 0)) + "," + COMMUNITY + ",24/7\n");
        assertEquals(0, again.getInt("created"));
        assertEquals(2, again.getInt("updated"));
        assertEquals(List.of(first, second), StationFixtures.ids(again.getList("stored.id")));
        given().get("/api/stations/" + first).then().body("name", equalTo("一号驿站（新址）")).body("openingHours", equalTo("Mo-Su 07:00-22:00"))
                .body("version", equalTo(1));
        assertEquals(7, fixtures.count("SELECT count(*) FROM station_hours WHERE station_id = $1", first), "hours replaced, not added");
    }

    @Test
    void geoJsonFeaturesWithAPositionPerFeature() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String prefix = "GEO-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        var centre = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = 60").iterator().next();
        String body = """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[%2$.7f,%1$.7f]},
                   "properties":{"externalId":"%3$s1","kind":"LEGAL_AID","name":"法律援助站","openingHours":"Tu 09:00-12:00; Th 14:00-17:30; PH off",
                                 "legalService":"劳动争议咨询","amenities":["SEATS"]}},
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[%2$.7f,%1$.7f]},
                   "properties":{"externalId":"%3$s2","kind":"WARM","name":"结构化","openingHoursJson":{"alwaysOpen":true}}},
                  {"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},
                   "properties":{"externalId":"%3$s3","kind":"WARM","name":"线","openingHours":"24/7"}}
                ]}""".formatted(centre.getDouble(0) + 0.0002, centre.getDouble(1), prefix);
        JsonPath report = given().auth().oauth2(admin).contentType("application/geo+json; charset=UTF-8").body(body)
                .post("/api/stations/import").then().statusCode(200).extract().jsonPath();
        assertEquals(3, report.getInt("received"));
        assertEquals(2, report.getInt("created"));
        assertEquals("geometry", report.getString("errors[0].field"));
        assertEquals(3, report.getInt("errors[0].row"));
        long legal = report.getLong("stored[0].id");
        given().get("/api/stations/" + legal).then().body("communityId", equalTo(60)).body("legalService", equalTo("劳动争议咨询"))
                .body("openingHoursJson.holidays", equalTo("closed"));
        given().get("/api/stations/" + report.getLong("stored[1].id")).then().body("openingHours", equalTo("24/7"));
    }

    @Test
    void aSpreadsheetSavedAsGb18030KeepsItsChineseText() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String externalId = "GBK-" + UUID.randomUUID().toString().substring(0, 8);
        String csv = "externalId,kind,name,lat,lng,communityId,openingHours\n"
                + externalId + ",WARM,浮山新区暖新驿家," + at(area()) + "," + COMMUNITY + ",24/7\n";
        long id = given().auth().oauth2(admin).contentType("text/csv; charset=GB18030").body(csv.getBytes(java.nio.charset.Charset.forName("GB18030")))
                .post("/api/stations/import").then().statusCode(200).body("created", equalTo(1)).extract().jsonPath().getLong("stored[0].id");
        given().get("/api/stations/" + id).then().body("name", equalTo("浮山新区暖新驿家"));
        assertProblem(given().auth().oauth2(admin).contentType("text/csv; charset=klingon").body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/stations/import").then(), 422, "validation").body("errors[0].field", equalTo("Content-Type"));
    }

    @Test
    void wholeFileProblemsAndWhoMayImport() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(admin).contentType("text/csv").body("externalId,kind,name,lat,lng,openingHours,colour\n")
                .post("/api/stations/import").then(), 422, "validation")
                .body("errors[0].field", equalTo("header")).body("detail", containsString("colour"));
        assertProblem(given().auth().oauth2(admin).contentType("text/csv").body("externalId,kind,name\n")
                .post("/api/stations/import").then(), 422, "validation").body("errors[0].field", equalTo("header"));
        assertProblem(given().auth().oauth2(admin).contentType("text/csv").body("externalId,kind,name,lat,lng,openingHours\n\"open,WARM")
                .post("/api/stations/import").then(), 422, "validation").body("detail", containsString("line 2"));
        assertProblem(given().auth().oauth2(admin).contentType("text/csv").body("")
                .post("/api/stations/import").then(), 422, "validation").body("errors[0].field", equalTo("body"));
        assertProblem(given().auth().oauth2(admin).contentType("application/geo+json").body("{\"type\":\"Feature\"}")
                .post("/api/stations/import").then(), 422, "validation").body("errors[0].field", equalTo("type"));
        assertProblem(given().auth().oauth2(admin).contentType("application/geo+json").body("{not json")
                .post("/api/stations/import").then(), 400, "malformed-json");
        assertProblem(given().auth().oauth2(admin).contentType("text/csv").queryParam("coord", "bd09")
                .body("externalId,kind,name,lat,lng,openingHours\n").post("/api/stations/import").then(), 422, "validation")
                .body("errors[0].field", equalTo("coord"));
        assertProblem(given().auth().oauth2(admin).contentType("application/xml").body("<stations/>")
                .post("/api/stations/import").then(), 415, "unsupported-media-type");
        String worker = Fixtures.accessToken(fixtures.communityWorker(COMMUNITY));
        assertProblem(given().auth().oauth2(worker).contentType("text/csv").body("externalId,kind,name,lat,lng,openingHours\n")
                .post("/api/stations/import").then(), 403, "forbidden");
    }
}
