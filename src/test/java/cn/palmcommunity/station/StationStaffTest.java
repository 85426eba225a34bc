package cn.palmcommunity.station;

import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.station.StationFixtures.COMMUNITY;
import static cn.palmcommunity.station.StationFixtures.area;
import static cn.palmcommunity.station.StationFixtures.create;
import static cn.palmcommunity.station.StationFixtures.ids;
import static cn.palmcommunity.station.StationFixtures.offset;
import static cn.palmcommunity.station.StationFixtures.warm;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff keep the stations: scope, validation, optimistic locking, closing, photos, amenities, the audit trail. */
@QuarkusTest
class StationStaffTest {

    @Inject
    Fixtures fixtures;

    private String worker(long community) {
        return Fixtures.accessToken(fixtures.communityWorker(community));
    }

    private String districtAdmin() {
        return Fixtures.accessToken(fixtures.districtAdmin());
    }

    @Test
    void aCommunityWorkerCreatesAStationWithStructuredHoursAndEveryoneReadsIt() {
        String worker = worker(COMMUNITY);
        GeoPoint where = offset(area(), 10, 10);
        Map<String, Object> body = warm("结构化时间驿站", where, null, "TOILET", "SEATS");
        body.remove("openingHours");
        body.put("openingHoursJson", Map.of("alwaysOpen", false, "weekly", List.of(
                Map.of("days", List.of("MO", "TU", "WE", "TH", "FR"), "opens", "08:00", "closes", "20:00"),
                Map.of("days", List.of("SA"), "opens", "09:00", "closes", "12:00")), "holidays", "closed"));
        JsonPath created = given().auth().oauth2(worker).contentType(ContentType.JSON).body(body).post("/api/stations")
                .then().statusCode(201)
                .header("Location", containsString("/api/stations/"))
                .header("ETag", equalTo("\"0\""))
                .body("openingHours", equalTo("Mo-Fr 08:00-20:00; Sa 09:00-12:00; PH off"))
                .body("openingHoursJson.holidays", equalTo("closed"))
                .body("amenities", equalTo(List.of("SEATS", "TOILET")))
                .body("communityId", equalTo((int) COMMUNITY))
                .body("version", equalTo(0))
                .extract().jsonPath();
        long id = created.getLong("id");
        given().get("/api/stations/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .body("name", equalTo("结构化时间驿站"))
                .body("openingHoursJson.weekly", hasSize(2))
                .body("servedThisYear", equalTo(0))
                .body("ratingCount", equalTo(0))
                .body("active", equalTo(true));
        long audited = fixtures.count("""
                SELECT count(*) FROM audit_log WHERE subject_type = 'STATION' AND subject_id = $1 AND action = 'STATION_CREATE'
                   AND actor_id = (SELECT id FROM account WHERE role = 'COMMUNITY_WORKER' AND community_id = $2 ORDER BY id DESC LIMIT 1)""",
                id, COMMUNITY);
        assertEquals(1, audited);
    }

    @Test
    void theCommunityIsFoundFromThePositionWhenNotGiven() {
        var centre = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = 40").iterator().next();
        Map<String, Object> body = warm("定位驿站", new GeoPoint(centre.getDouble(0) + 0.0003, centre.getDouble(1)), "24/7");
        body.remove("communityId");
        given().auth().oauth2(districtAdmin()).contentType(ContentType.JSON).body(body).post("/api/stations")
                .then().statusCode(201).body("communityId", equalTo(40));
        Map<String, Object> nowhere = warm("无处驿站", area(), "24/7");
        nowhere.remove("communityId");
        assertProblem(given().auth().oauth2(districtAdmin()).contentType(ContentType.JSON).body(nowhere).post("/api/stations").then(),
                422, "validation").body("errors[0].field", equalTo("communityId"));
    }

    @Test
    void badStationInputNamesTheFieldAndStoresNothing() {
        String admin = districtAdmin();
        long before = fixtures.count("SELECT count(*) FROM station");
        GeoPoint where = area();

        Map<String, Object> badHours = warm("坏时间", where, "Mo-Fr 08:00-25:00");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(badHours).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("openingHours"))
                .body("errors[0].message", containsString("position"));

        Map<String, Object> both = warm("两种时间", where, "24/7");
        both.put("openingHoursJson", Map.of("alwaysOpen", true));
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(both).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("openingHoursJson"));

        Map<String, Object> none = warm("没有时间", where, null);
        none.remove("openingHours");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(none).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("openingHours"));

        Map<String, Object> badJson = warm("坏结构", where, null);
        badJson.remove("openingHours");
        badJson.put("openingHoursJson", Map.of("alwaysOpen", false, "weekly",
                List.of(Map.of("days", List.of("MO"), "opens", "8 am", "closes", "18:00"))));
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(badJson).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", startsWith("openingHoursJson.weekly[0]"));

        Map<String, Object> amenity = warm("未知设施", where, "24/7", "TOILET", "SAUNA");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(amenity).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("amenities[1]"));

        Map<String, Object> discount = warm("折扣", where, "24/7");
        discount.put("discount", "九折");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(discount).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("discount"));

        Map<String, Object> lat = warm("纬度", new GeoPoint(91, 120), "24/7");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(lat).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("lat"));

        Map<String, Object> coord = warm("坐标系", where, "24/7");
        coord.put("coord", "bd09");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(coord).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("coord"));

        Map<String, Object> kind = warm("种类", where, "24/7");
        kind.put("kind", "SPA");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(kind).post("/api/stations").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("kind"));

        Map<String, Object> blank = warm(" ", where, "24/7");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(blank).post("/api/stations").then(), 422, "validation")
                .body("errors[0].field", equalTo("name"));

        assertEquals(before, fixtures.count("SELECT count(*) FROM station"));
    }

    @Test
    void staffWorkOnlyWithinTheirScope() {
        long id = create(worker(COMMUNITY), warm("本社区驿站", area(), "24/7"));
        String otherWorker = worker(7);
        Map<String, Object> intoOther = warm("越界驿站", area(), "24/7");
        assertProblem(given().auth().oauth2(otherWorker).contentType(ContentType.JSON).body(intoOther).post("/api/stations").then(),
                403, "forbidden");
        Map<String, Object> change = warm("改名", area(), "24/7");
        change.put("version", 0);
        assertProblem(given().auth().oauth2(otherWorker).contentType(ContentType.JSON).body(change).put("/api/stations/" + id).then(),
                403, "forbidden");
        assertProblem(given().auth().oauth2(otherWorker).contentType(ContentType.JSON).body(Map.of("reason", "撤销"))
                .post("/api/stations/" + id + "/close").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(otherWorker).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-12-01T08:00:00+08:00", "reason", "检修"))
                .post("/api/stations/" + id + "/closures").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(otherWorker).get("/api/stations/" + id + "/served").then(), 403, "forbidden");

        // A street's staff reach the communities of their street only.
        long streetOfCommunity = fixtures.count("SELECT street_id FROM community WHERE id = $1", COMMUNITY);
        String ownStreet = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, streetOfCommunity, null, null, null));
        String otherStreet = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, streetOfCommunity + 5, null, null, null));
        given().auth().oauth2(ownStreet).get("/api/stations/" + id + "/served").then().statusCode(200)
                .body("stationId", equalTo((int) id));
        assertProblem(given().auth().oauth2(otherStreet).get("/api/stations/" + id + "/served").then(), 403, "forbidden");

        // Residents and riders do not manage stations; nobody does without a token.
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).contentType(ContentType.JSON).body(intoOther).post("/api/stations").then(),
                403, "forbidden");
        assertProblem(given().contentType(ContentType.JSON).body(intoOther).post("/api/stations").then(), 401, "unauthorized");

        // The managed list shows a worker their community's stations only.
        JsonPath mine = given().auth().oauth2(otherWorker).get("/api/stations/managed").then().statusCode(200).extract().jsonPath();
        assertTrue(mine.getList("items.communityId").stream().allMatch(c -> ((Number) c).longValue() == 7));
        assertTrue(ids(given().auth().oauth2(worker(COMMUNITY)).queryParam("limit", 100).get("/api/stations/managed")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).contains(id));
        assertProblem(given().auth().oauth2(otherWorker).queryParam("community", COMMUNITY).get("/api/stations/managed").then(),
                403, "forbidden");
    }

    @Test
    void replacingNeedsTheCurrentVersion() {
        String worker = worker(COMMUNITY);
        GeoPoint where = area();
        long id = create(worker, warm("版本驿站", where, "24/7"));
        Map<String, Object> change = warm("版本驿站（改）", where, "Mo-Fr 09:00-17:00", "WIFI");

        given().auth().oauth2(worker).header("If-Match", "\"0\"").contentType(ContentType.JSON).body(change).put("/api/stations/" + id)
                .then().statusCode(200).header("ETag", equalTo("\"1\"")).body("version", equalTo(1))
                .body("name", equalTo("版本驿站（改）")).body("amenities", equalTo(List.of("WIFI")))
                .body("openingHours", equalTo("Mo-Fr 09:00-17:00"));
        // Someone else saved in between: the stale version is refused, and nothing changes.
        change.put("name", "迟到的修改");
        assertProblem(given().auth().oauth2(worker).header("If-Match", "\"0\"").contentType(ContentType.JSON).body(change)
                .put("/api/stations/" + id).then(), 409, "stale-version");
        given().get("/api/stations/" + id).then().body("name", equalTo("版本驿站（改）")).body("version", equalTo(1));
        // The version in the body works as well as If-Match.
        change.put("version", 1);
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(change).put("/api/stations/" + id)
                .then().statusCode(200).body("version", equalTo(2)).body("name", equalTo("迟到的修改"));
        change.remove("version");
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(change).put("/api/stations/" + id).then(),
                422, "validation").body("errors[0].field", equalTo("version"));
        assertProblem(given().auth().oauth2(worker).header("If-Match", "*").contentType(ContentType.JSON).body(change)
                .put("/api/stations/" + id).then(), 400, "wrong-type").body("errors[0].field", equalTo("If-Match"));
        assertProblem(given().auth().oauth2(worker).header("If-Match", "\"0\"").contentType(ContentType.JSON).body(change)
                .put("/api/stations/987654321").then(), 404, "not-found");
        // The weekly rows follow the hours.
        assertEquals(5, fixtures.count("SELECT count(*) FROM station_hours WHERE station_id = $1", id));
        assertEquals(2, fixtures.count("SELECT count(*) FROM audit_log WHERE subject_type = 'STATION' AND subject_id = $1 AND action = 'STATION_UPDATE'", id));
    }

    @Test
    void aClosedStationLeavesTheSearchesUntilReopened() {
        String worker = worker(COMMUNITY);
        GeoPoint where = area();
        long id = create(worker, warm("撤销驿站", where, "24/7"));
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("reason", "场地到期"))
                .post("/api/stations/" + id + "/close").then().statusCode(200)
                .body("active", equalTo(false)).body("closedReason", equalTo("场地到期"));
        given().queryParam("lat", where.latitude()).queryParam("lng", where.longitude()).queryParam("coord", "wgs84")
                .get("/api/stations/nearby").then().statusCode(200).body("items", hasSize(0));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("reason", "再撤一次"))
                .post("/api/stations/" + id + "/close").then(), 409, "already-closed");
        given().auth().oauth2(worker).post("/api/stations/" + id + "/reopen").then().statusCode(200)
                .body("active", equalTo(true)).body("closedReason", nullValue());
        given().queryParam("lat", where.latitude()).queryParam("lng", where.longitude()).queryParam("coord", "wgs84")
                .get("/api/stations/nearby").then().statusCode(200).body("items.id", hasItem((int) id));
        assertProblem(given().auth().oauth2(worker).post("/api/stations/" + id + "/reopen").then(), 409, "not-closed");
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .post("/api/stations/" + id + "/close").then(), 422, "validation").body("errors[0].field", equalTo("reason"));
        assertEquals(2, fixtures.count("""
                SELECT count(*) FROM audit_log WHERE subject_type = 'STATION' AND subject_id = $1 AND action IN ('STATION_CLOSE', 'STATION_REOPEN')""", id));
    }

    @Test
    void closuresAreValidatedAndRemovable() {
        String worker = worker(COMMUNITY);
        long id = create(worker, warm("暂停驿站", area(), "24/7"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-12-01T08:00:00+08:00", "until", "2026-12-01T07:00:00+08:00", "reason", "检修"))
                .post("/api/stations/" + id + "/closures").then(), 422, "validation").body("errors[0].field", equalTo("until"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("reason", "检修"))
                .post("/api/stations/" + id + "/closures").then(), 422, "validation").body("errors[0].field", equalTo("from"));
        long closure = ((Number) given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("from", "2099-12-01T08:00:00+08:00", "until", "2099-12-02T08:00:00+08:00", "reason", "检修"))
                .post("/api/stations/" + id + "/closures").then().statusCode(201).extract().path("id")).longValue();
        given().get("/api/stations/" + id).then().body("closures.id", hasItem((int) closure));
        given().auth().oauth2(worker).delete("/api/stations/" + id + "/closures/" + closure).then().statusCode(204);
        given().get("/api/stations/" + id).then().body("closures", hasSize(0));
        assertProblem(given().auth().oauth2(worker).delete("/api/stations/" + id + "/closures/" + closure).then(), 404, "not-found");
        assertEquals(2, fixtures.count("""
                SELECT count(*) FROM audit_log WHERE subject_type = 'STATION' AND subject_id = $1
                   AND action IN ('STATION_CLOSURE_ADD', 'STATION_CLOSURE_REMOVE')""", id));
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void photosAndTheFloorPlanAreStoredAndServedPublicly() throws Exception {
        String worker = worker(COMMUNITY);
        long id = create(worker, warm("有照片的驿站", area(), "24/7"));
        byte[] png = png();
        String url = given().auth().oauth2(worker).multiPart("photos", "a.png", png, "image/png").multiPart("photos", "b.png", png, "image/png")
                .post("/api/stations/" + id + "/photos").then().statusCode(201)
                .body("", hasSize(2)).extract().path("[0].url");
        given().get(url).then().statusCode(200).contentType("image/png");
        given().get("/api/stations/" + id).then().body("photos", hasSize(2)).body("photos[0].url", equalTo(url));
        given().auth().oauth2(worker).delete(url).then().statusCode(204);
        assertProblem(given().get(url).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(worker).multiPart("photos", "x.png", "not a photo".getBytes(), "image/png")
                .post("/api/stations/" + id + "/photos").then(), 415, "unsupported-photo-type");

        // Only a rider-friendly compound has a floor plan.
        assertProblem(given().auth().oauth2(worker).multiPart("photo", "plan.png", png, "image/png")
                .put("/api/stations/" + id + "/floor-plan").then(), 422, "validation").body("errors[0].field", equalTo("photo"));
        Map<String, Object> compound = warm("骑手友好小区", area(), "24/7");
        compound.put("kind", "RIDER_COMPOUND");
        compound.put("entranceGuide", "南门进，左转第二栋");
        compound.put("riderGate", "南门");
        compound.put("entryRules", "步行进入");
        long compoundId = create(worker, compound);
        String plan = given().auth().oauth2(worker).multiPart("photo", "plan.png", png, "image/png")
                .put("/api/stations/" + compoundId + "/floor-plan").then().statusCode(200)
                .body("entranceGuide", equalTo("南门进，左转第二栋")).body("riderGate", equalTo("南门"))
                .extract().path("floorPlanUrl");
        given().get(plan).then().statusCode(200).contentType("image/png");
    }

    @Test
    void districtStaffManageTheAmenityList() {
        String admin = districtAdmin();
        String code = "UMBRELLA_" + (System.nanoTime() % 100000);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "爱心雨伞", "nameEn", "Umbrella loan", "sortOrder", 200))
                .post("/api/stations/amenities").then().statusCode(201).body("code", equalTo(code)).body("active", equalTo(true));
        given().get("/api/stations/amenities").then().statusCode(200).body("code", hasItem(code)).body("code", hasItem("MICROWAVE"));
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "雨伞", "nameEn", "Umbrella"))
                .post("/api/stations/amenities").then(), 409, "duplicate-amenity");
        assertProblem(given().auth().oauth2(worker(COMMUNITY)).contentType(ContentType.JSON)
                .body(Map.of("code", code + "X", "nameZh", "雨伞", "nameEn", "Umbrella"))
                .post("/api/stations/amenities").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("code", "lower", "nameZh", "小写", "nameEn", "Lower"))
                .post("/api/stations/amenities").then(), 422, "validation").body("errors[0].field", equalTo("code"));

        // A station may use it at once; searching by it works too.
        GeoPoint where = area();
        long id = create(admin, warm("借伞驿站", where, "24/7", code));
        given().queryParam("lat", where.latitude()).queryParam("lng", where.longitude()).queryParam("coord", "wgs84")
                .queryParam("amenity", code).get("/api/stations/nearby").then().statusCode(200).body("items[0].id", equalTo((int) id));

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("nameZh", "爱心雨伞借还", "nameEn", "Umbrella loan and return", "active", false))
                .put("/api/stations/amenities/" + code).then().statusCode(200).body("nameZh", equalTo("爱心雨伞借还")).body("active", equalTo(false));
        // Inactive: no longer offered for stations.
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(warm("再借伞", area(), "24/7", code))
                .post("/api/stations").then(), 422, "validation").body("errors[0].field", equalTo("amenities[0]"));
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("nameZh", "无", "nameEn", "None")).put("/api/stations/amenities/NO_SUCH_AMENITY").then(), 404, "not-found");
        assertEquals(2, fixtures.count("SELECT count(*) FROM audit_log WHERE subject_type = 'AMENITY' AND purpose LIKE '%' || $1 || '%'", code));
    }

    @Test
    void anIdempotencyKeyCreatesAStationOnce() {
        String worker = worker(COMMUNITY);
        Map<String, Object> body = new HashMap<>(warm("重试驿站", area(), "24/7"));
        String key = java.util.UUID.randomUUID().toString();
        long first = ((Number) given().auth().oauth2(worker).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/stations").then().statusCode(201).extract().path("id")).longValue();
        given().auth().oauth2(worker).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/stations").then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo((int) first))
                .header("Location", endsWith("/api/stations/" + first)).body("name", not(equalTo(null)));
        assertEquals(1, fixtures.count("SELECT count(*) FROM station WHERE name = '重试驿站' AND id >= $1", first));
    }
}
