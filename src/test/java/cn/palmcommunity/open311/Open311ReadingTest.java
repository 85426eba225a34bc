package cn.palmcommunity.open311;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.open311.Open311Fixtures.fileOk;
import static cn.palmcommunity.open311.Open311Fixtures.form;
import static cn.palmcommunity.open311.Open311Fixtures.near;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET requests, GET requests/{id}: petitions of every channel, filtered as GeoReport says, without personal data. */
@QuarkusTest
class Open311ReadingTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String XML = "text/xml; charset=utf-8";

    @Inject
    Fixtures fixtures;

    private String key;
    private double[] position;

    @BeforeEach
    void key() {
        key = Open311Fixtures.apiKey(fixtures);
        position = near(fixtures, 17);
    }

    /** GET requests.json with these query parameters, checked against the schema. */
    private JsonPath requests(Map<String, ?> query) {
        String body = given().queryParams(query).get("/open311/v2/requests.json").then().statusCode(200).contentType(JSON)
                .extract().asString();
        return JsonPath.from(Open311Schemas.assertValid("requests.json", body));
    }

    private List<String> ids(Map<String, ?> query) {
        return requests(query).getList("service_request_id");
    }

    @Test
    void aFiledRequestReadsBackWithoutWhoFiledIt() {
        Map<String, Object> form = form(key, "PUBLIC_FACILITIES", "路灯不亮 <第3盏> & 闪烁", position);
        form.put("first_name", "秘密");
        form.put("last_name", "张");
        form.put("phone", "13700007777");
        form.put("email", "zhang.secret@example.com");
        form.put("address_string", "登州路5号");
        form.put("address_id", "QD-5");
        form.put("media_url", "https://img.example.com/lamp.jpg");
        String id = fileOk(form);

        String body = given().get("/open311/v2/requests/" + id + ".json").then().statusCode(200).contentType(JSON).extract().asString();
        Open311Schemas.assertValid("requests.json", body);
        JsonPath json = JsonPath.from(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(1, json.getList("").size());
        assertEquals(id, json.getString("[0].service_request_id"));
        assertEquals("open", json.getString("[0].status"));
        assertEquals("待受理", json.getString("[0].status_notes"));
        assertEquals("公共设施", json.getString("[0].service_name"));
        assertEquals("PUBLIC_FACILITIES", json.getString("[0].service_code"));
        assertEquals("路灯不亮 <第3盏> & 闪烁", json.getString("[0].description"));
        String community = fixtures.sql("SELECT name FROM community WHERE id = 17").iterator().next().getString(0);
        assertEquals(community, json.getString("[0].agency_responsible"));
        assertEquals("24 小时内受理，5 个工作日内办结。", json.getString("[0].service_notice"));
        assertTrue(json.getString("[0].requested_datetime").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00"));
        assertTrue(json.getString("[0].expected_datetime").endsWith("+08:00"));
        assertEquals("登州路5号", json.getString("[0].address"));
        assertEquals("QD-5", json.getString("[0].address_id"));
        assertTrue(json.getMap("[0]").containsKey("zipcode"));
        assertNull(json.get("[0].zipcode"));
        assertEquals(position[0], json.getDouble("[0].lat"), 1e-9);
        assertEquals(position[1], json.getDouble("[0].long"), 1e-9);
        assertEquals("https://img.example.com/lamp.jpg", json.getString("[0].media_url"));
        for (String secret : List.of("秘密", "13700007777", "zhang.secret@example.com")) {
            assertFalse(body.contains(secret), "GET requests is public: " + secret + " must not appear");
        }

        String xml = given().queryParam("lang", "en").get("/open311/v2/requests/" + id + ".xml").then().statusCode(200).contentType(XML)
                .body("service_requests.request.service_request_id", equalTo(id))
                .body("service_requests.request.status", equalTo("open"))
                .body("service_requests.request.service_name", equalTo("Public facilities"))
                .body("service_requests.request.status_notes", equalTo("Waiting to be accepted"))
                .body("service_requests.request.description", equalTo("路灯不亮 <第3盏> & 闪烁"))
                .body("service_requests.request.lat", equalTo(java.math.BigDecimal.valueOf(position[0]).toPlainString()))
                .body("service_requests.request.zipcode", equalTo(""))
                .extract().asString();
        assertTrue(xml.contains("&lt;第3盏&gt; &amp; 闪烁"), xml);
        assertFalse(xml.contains("秘密") || xml.contains("13700007777"));
    }

    @Test
    void closedRequestsCarryTheirOutcomeAndStatusFiltersThem() {
        String open = fileOk(form(key, "NEIGHBOUR_DISPUTE", "邻居装修噪音", position));
        String rejected = fileOk(form(key, "NEIGHBOUR_DISPUTE", "重复反映", position));
        String resolved = fileOk(form(key, "NEIGHBOUR_DISPUTE", "楼道堆物", position));
        fixtures.sql("UPDATE petition SET status = 'REJECTED', reject_reason = '不属于本社区', updated_at = now() WHERE id = $1",
                Long.parseLong(rejected));
        fixtures.sql("""
                UPDATE petition SET status = 'RESOLVED', result_text = '已清理', resolved_at = TIMESTAMPTZ '2026-01-02 10:00:00+08',
                       resolve_due_at = TIMESTAMPTZ '2026-01-05 18:00:00+08' WHERE id = $1""", Long.parseLong(resolved));

        JsonPath closed = requests(Map.of("status", "closed", "service_code", "NEIGHBOUR_DISPUTE"));
        List<String> closedIds = closed.getList("service_request_id");
        assertTrue(closedIds.containsAll(List.of(rejected, resolved)) && !closedIds.contains(open), closedIds.toString());
        assertEquals("不予受理：不属于本社区", closed.getString("find { it.service_request_id == '" + rejected + "' }.status_notes"));
        Map<String, Object> done = closed.getMap("find { it.service_request_id == '" + resolved + "' }");
        assertEquals("closed", done.get("status"));
        assertEquals("已清理", done.get("status_notes"));
        assertEquals("2026-01-02T10:00:00+08:00", done.get("updated_datetime"), "a closed request was updated when it was closed");
        assertEquals("2026-01-05T18:00:00+08:00", done.get("expected_datetime"));

        List<String> openIds = ids(Map.of("status", "open", "service_code", "NEIGHBOUR_DISPUTE"));
        assertTrue(openIds.contains(open) && !openIds.contains(rejected) && !openIds.contains(resolved), openIds.toString());
        List<String> both = ids(Map.of("status", "open,closed", "service_code", "NEIGHBOUR_DISPUTE"));
        assertTrue(both.containsAll(List.of(open, rejected, resolved)));

        given().queryParam("status", "pending").get("/open311/v2/requests.json").then().statusCode(400).contentType(JSON)
                .body("[0].code", equalTo(400)).body("[0].description", equalTo("status must be open or closed, not pending"));
    }

    @Test
    void serviceCodesFilterAndTheNewestComesFirst() {
        String greening = fileOk(form(key, "GREENING", "草坪被踩坏", position));
        String station = fileOk(form(key, "STATION_PROBLEM", "驿站没有热水", position));
        String other = fileOk(form(key, "OTHER", "其他问题", position));
        List<String> found = ids(Map.of("service_code", "GREENING,STATION_PROBLEM"));
        assertTrue(found.containsAll(List.of(greening, station)) && !found.contains(other), found.toString());
        assertTrue(found.indexOf(station) < found.indexOf(greening), "newest first");
        assertTrue(ids(Map.of("service_code", "NO_SUCH")).isEmpty());
    }

    @Test
    void theWindowIsTheLast90DaysUnlessDatesSayOtherwise() {
        String recent = fileOk(form(key, "SANITATION", "今天的垃圾", position));
        String old = fileOk(form(key, "SANITATION", "很久以前的垃圾", position));
        fixtures.sql("UPDATE petition SET submitted_at = TIMESTAMPTZ '2026-02-10 09:00:00+08' WHERE id = $1", Long.parseLong(old));

        List<String> byDefault = ids(Map.of("service_code", "SANITATION"));
        assertTrue(byDefault.contains(recent) && !byDefault.contains(old), byDefault.toString());

        List<String> february = ids(Map.of("service_code", "SANITATION", "start_date", "2026-02-10T00:00:00+08:00",
                "end_date", "2026-02-11T00:00:00Z"));
        assertEquals(List.of(old), february);
        assertEquals(List.of(old), ids(Map.of("service_code", "SANITATION", "start_date", "2026-02-09")), "a date alone is midnight in China");
        assertEquals(List.of(old), ids(Map.of("service_code", "SANITATION", "end_date", "2026-02-10T01:00:00Z")),
                "with only end_date the window is the 90 days before it");
        assertTrue(ids(Map.of("service_code", "SANITATION", "start_date", "2026-02-10T09:00:01+08:00", "end_date", "2026-03-01T00:00:00+08:00"))
                .isEmpty());

        given().queryParam("start_date", "2026-02-30T00:00:00+08:00").get("/open311/v2/requests.json").then().statusCode(400)
                .contentType(JSON).body("[0].code", equalTo(400))
                .body("[0].description", equalTo("start_date must be a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00+08:00"));
        given().queryParam("end_date", "2026-02-10T00:00:00").get("/open311/v2/requests.xml").then().statusCode(400).contentType(XML)
                .body("errors.error.description", containsString("end_date must be a W3C date-time with a time zone"));
        given().queryParams(Map.of("start_date", "2026-01-01T00:00:00Z", "end_date", "2026-06-01T00:00:00Z"))
                .get("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", equalTo("start_date and end_date may not span more than 90 days"));
        given().queryParams(Map.of("start_date", "2026-03-01T00:00:00Z", "end_date", "2026-02-01T00:00:00Z"))
                .get("/open311/v2/requests.json").then().statusCode(400).body("[0].description", equalTo("start_date is after end_date"));
    }

    @Test
    void requestIdsOverrideEveryOtherFilter() {
        String a = fileOk(form(key, "PROPERTY_MANAGEMENT", "电梯坏了", position));
        String b = fileOk(form(key, "PROPERTY_MANAGEMENT", "门禁坏了", position));
        fixtures.sql("UPDATE petition SET submitted_at = TIMESTAMPTZ '2025-01-01 09:00:00+08' WHERE id = $1", Long.parseLong(b));
        List<String> found = ids(Map.of("service_request_id", a + "," + b + ",abc", "status", "closed", "service_code", "NOISE",
                "start_date", "not a date"));
        assertEquals(List.of(a, b), found);
        given().get("/open311/v2/requests.xml?service_request_id=" + a).then().statusCode(200)
                .body("service_requests.request.size()", equalTo(1))
                .body("service_requests.request.service_request_id", equalTo(a));
    }

    @Test
    void unknownRequestsAre404() {
        given().get("/open311/v2/requests/999999999.json").then().statusCode(404).contentType(JSON)
                .body("[0].code", equalTo(404)).body("[0].description", equalTo("service_request_id 999999999 was not found"));
        given().get("/open311/v2/requests/abc.xml").then().statusCode(404).contentType(XML)
                .body("errors.error.code", equalTo("404"));
        given().get("/open311/v2/requests/1").then().statusCode(404).contentType(XML).body("errors.error.code", equalTo("404"));
    }

    @Test
    void petitionsOfOtherChannelsAreNeverPublished() {
        long id = fixtures.sql("""
                INSERT INTO petition (channel, category_code, body, reporter_id, contact_name, contact_phone, community_id, accept_due_at)
                VALUES ('HOTLINE_12345', 'NOISE', '热线反映夜间施工', NULL, '李女士', '13800009999', 9, now() + interval '1 day')
                RETURNING id""").iterator().next().getLong(0);
        given().get("/open311/v2/requests/" + id + ".json").then().statusCode(404).body("[0].code", equalTo(404));
        given().get("/open311/v2/requests.json?service_code=NOISE").then().statusCode(200)
                .body("service_request_id", not(hasItem(Long.toString(id))));
    }

    @Test
    void atMost1000RequestsAreAnswered() {
        // Closed Open311 petitions in a window of their own, so no other test sees them.
        fixtures.sql("""
                INSERT INTO petition (channel, category_code, body, status, community_id, submitted_at, accept_due_at, closed_at)
                SELECT 'OPEN311', 'OTHER', '批量 ' || g, 'CLOSED', 3,
                       TIMESTAMPTZ '2001-02-01 00:00:00+08' + g * interval '1 minute',
                       TIMESTAMPTZ '2001-02-02 00:00:00+08', TIMESTAMPTZ '2001-02-03 00:00:00+08'
                  FROM generate_series(1, 1005) g""");
        // Only petitions filed through Open311 are published: give these the record such a filing leaves.
        Open311Fixtures.apiKey(fixtures);
        fixtures.sql("""
                INSERT INTO open311_request (petition_id, token, api_key_id)
                SELECT p.id, 'bulk-token-' || p.id || '-' || md5(random()::text), (SELECT min(id) FROM open311_api_key)
                  FROM petition p WHERE p.body LIKE '批量 %' AND p.submitted_at < TIMESTAMPTZ '2001-03-01 00:00:00+08'""");
        JsonPath json = requests(Map.of("start_date", "2001-01-15T00:00:00+08:00", "end_date", "2001-03-01T00:00:00+08:00"));
        List<String> descriptions = json.getList("description");
        assertEquals(1000, descriptions.size());
        assertEquals("批量 1005", descriptions.get(0));
        assertEquals("批量 6", descriptions.get(999));
        assertTrue(json.getList("status").stream().allMatch("closed"::equals));
        given().queryParams(Map.of("start_date", "2001-01-15T00:00:00+08:00", "end_date", "2001-03-01T00:00:00+08:00"))
                .get("/open311/v2/requests.xml").then().statusCode(200).body("service_requests.request.size()", equalTo(1000))
                .body(not(containsString("problem")));
    }
}
