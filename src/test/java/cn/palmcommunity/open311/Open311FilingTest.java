package cn.palmcommunity.open311;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.open311.Open311Fixtures.file;
import static cn.palmcommunity.open311.Open311Fixtures.fileOk;
import static cn.palmcommunity.open311.Open311Fixtures.form;
import static cn.palmcommunity.open311.Open311Fixtures.near;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST requests: a civic client files a petition, and every way it can go wrong. */
@QuarkusTest
class Open311FilingTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String XML = "text/xml; charset=utf-8";

    @Inject
    Fixtures fixtures;

    private String key;
    private double[] position;

    @BeforeEach
    void key() {
        key = Open311Fixtures.apiKey(fixtures);
        position = near(fixtures, 42);
    }

    private long petitions() {
        return fixtures.count("SELECT count(*) FROM petition");
    }

    @Test
    void aRequestWithAKeyBecomesAnOpen311PetitionInTheCommunityOfItsPosition() {
        Map<String, Object> form = form(key, "SAFETY_HAZARD", "井盖缺失，\n晚上看不见", position);
        form.put("first_name", "小明");
        form.put("last_name", "王");
        form.put("phone", "13912345678");
        form.put("email", "wang@example.com");
        form.put("account_id", "client-user-7");
        form.put("address_string", "合肥路17号");
        form.put("address_id", "QD-370203-17");
        form.put("media_url", "https://img.example.com/p/1.jpg");
        form.put("attribute[anonymous]", "false");
        form.put("attribute[urgent]", "true");
        JsonPath created = file(form, "json").statusCode(200).contentType(JSON).extract().jsonPath();
        String id = created.getString("[0].service_request_id");
        assertTrue(id.matches("\\d+"), id);
        assertEquals("2 小时内受理，5 个工作日内办结。", created.getString("[0].service_notice"));
        assertEquals("client-user-7", created.getString("[0].account_id"));
        assertFalse(created.getMap("[0]").containsKey("token"), "the spec returns a token only instead of an id");

        var petition = fixtures.sql("""
                SELECT channel, reporter_id, category_code, body, status, community_id, contact_name, contact_phone, anonymous, address,
                       ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lon,
                       (SELECT count(*) FROM petition_event e WHERE e.petition_id = p.id AND e.action = 'SUBMIT' AND e.actor_role = 'OPEN311') AS submits
                  FROM petition p WHERE id = $1""", Long.parseLong(id)).iterator().next();
        assertEquals("OPEN311", petition.getString("channel"));
        assertNull(petition.getLong("reporter_id"));
        assertEquals("SAFETY_HAZARD", petition.getString("category_code"));
        assertEquals("井盖缺失，\n晚上看不见", petition.getString("body"));
        assertEquals("SUBMITTED", petition.getString("status"));
        assertEquals(42L, petition.getLong("community_id"), "the community comes from the position");
        assertEquals(position[0], petition.getDouble("lat"), 1e-9, "stored as sent: GeoReport positions are WGS-84");
        assertEquals(position[1], petition.getDouble("lon"), 1e-9);
        assertEquals("王小明", petition.getString("contact_name"));
        assertEquals("13912345678", petition.getString("contact_phone"));
        assertEquals(false, petition.getBoolean("anonymous"));
        assertEquals("合肥路17号", petition.getString("address"));
        assertEquals(1L, petition.getLong("submits"));

        var extra = fixtures.sql("SELECT token, account_id, address_id, media_url, attributes::text AS attributes FROM open311_request WHERE petition_id = $1",
                Long.parseLong(id)).iterator().next();
        assertTrue(extra.getString("token").length() >= 16);
        assertEquals("client-user-7", extra.getString("account_id"));
        assertEquals("QD-370203-17", extra.getString("address_id"));
        assertEquals("https://img.example.com/p/1.jpg", extra.getString("media_url"));
        assertTrue(extra.getString("attributes").contains("\"urgent\": [\"true\"]"), extra.getString("attributes"));
    }

    @Test
    void theAnswerComesInXmlTooAndAnonymousIsKept() {
        Map<String, Object> form = form(key, "NOISE", "广场舞音响太响", position);
        form.put("attribute[anonymous]", "true");
        String id = file(form, "xml").statusCode(200).contentType(XML)
                .body("service_requests.request.service_request_id", matchesPattern("\\d+"))
                .body("service_requests.request.service_notice", equalTo("24 小时内受理，5 个工作日内办结。"))
                .body("service_requests.request.account_id", equalTo(""))
                .extract().xmlPath().getString("service_requests.request.service_request_id");
        var petition = fixtures.sql("SELECT anonymous, community_id FROM petition WHERE id = $1", Long.parseLong(id)).iterator().next();
        assertEquals(true, petition.getBoolean("anonymous"));
        assertEquals(42L, petition.getLong("community_id"));
    }

    @Test
    void theTokenOfARequestLeadsToItsId() {
        String id = fileOk(form(key, "GREENING", "行道树枯死", position));
        String token = fixtures.sql("SELECT token FROM open311_request WHERE petition_id = $1", Long.parseLong(id)).iterator().next().getString(0);
        given().get("/open311/v2/tokens/" + token + ".json").then().statusCode(200).contentType(JSON)
                .body("[0].service_request_id", equalTo(id)).body("[0].token", equalTo(token));
        given().get("/open311/v2/tokens/" + token + ".xml").then().statusCode(200).contentType(XML)
                .body("service_requests.request.service_request_id", equalTo(id))
                .body("service_requests.request.token", equalTo(token));
        given().get("/open311/v2/tokens/no-such-token-000000.json").then().statusCode(404)
                .body("[0].code", equalTo(404)).body("[0].description", equalTo("token no-such-token-000000 was not found"));
    }

    @Test
    void withoutAWorkingKeyNothingIsFiled() {
        long before = petitions();
        Map<String, Object> form = form(key, "NOISE", "没有密钥", position);
        form.remove("api_key");
        file(form, "json").statusCode(403).contentType(JSON)
                .body("size()", equalTo(1)).body("[0].code", equalTo(403)).body("[0].description", equalTo("api_key was not provided"));
        file(form, "xml").statusCode(403).contentType(XML)
                .body("errors.error.code", equalTo("403")).body("errors.error.description", equalTo("api_key was not provided"));
        form.put("api_key", "o311_not-a-key");
        file(form, "json").statusCode(403).body("[0].code", equalTo(403)).body("[0].description", containsString("Invalid api_key"));

        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        long keyId = fixtures.count("SELECT id FROM open311_api_key WHERE key_hash = sha256(convert_to($1, 'UTF8'))", key);
        given().auth().oauth2(admin).post("/api/open311/keys/" + keyId + "/revoke").then().statusCode(200);
        form.put("api_key", key);
        file(form, "json").statusCode(403).body("[0].code", equalTo(403));
        assertEquals(before, petitions());
    }

    @Test
    void anUnknownServiceIs404AndAMissingOne400() {
        long before = petitions();
        file(form(key, "NO_SUCH_SERVICE", "不存在的类别", position), "json").statusCode(404).contentType(JSON)
                .body("[0].code", equalTo(404)).body("[0].description", equalTo("service_code NO_SUCH_SERVICE was not found"));
        Map<String, Object> form = form(key, "NOISE", "没有类别", position);
        form.remove("service_code");
        file(form, "xml").statusCode(400).contentType(XML)
                .body("errors.error.code", equalTo("400")).body("errors.error.description", equalTo("service_code was not provided"));
        assertEquals(before, petitions());
    }

    @Test
    void attributesMustBeTheServicesOwnWithTheirOwnValues() {
        long before = petitions();
        Map<String, Object> form = form(key, "NOISE", "属性不对", position);
        form.put("attribute[urgent]", "true");
        file(form, "json").statusCode(400).body("[0].code", equalTo(400))
                .body("[0].description", equalTo("attribute[urgent] is not an attribute of this service"));
        form.remove("attribute[urgent]");
        form.put("attribute[anonymous]", "maybe");
        file(form, "json").statusCode(400).body("[0].description", equalTo("attribute[anonymous] must be one of [true, false], not maybe"));
        form.remove("attribute[anonymous]");
        form.put("attribute[anonymous][]", java.util.List.of("true", "false"));
        file(form, "json").statusCode(400).body("[0].description", equalTo("attribute[anonymous] takes a single value"));
        form.remove("attribute[anonymous][]");
        form.put("attributes", "x");
        file(form, "xml").statusCode(400).body("errors.error.description", equalTo("attributes is not of the form attribute[code]"));
        assertEquals(before, petitions());
    }

    @Test
    void everyOtherBadArgumentIs400NamingIt() {
        long before = petitions();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("lat", "lat and long must be sent together");
        cases.put("description", "description was not provided; describe the problem in up to 2000 characters");
        for (var c : cases.entrySet()) {
            Map<String, Object> form = form(key, "NOISE", "缺少字段", position);
            form.remove(c.getKey());
            file(form, "json").statusCode(400).body("[0].code", equalTo(400)).body("[0].description", equalTo(c.getValue()));
        }
        Map<String, Object> form = form(key, "NOISE", "x".repeat(2001), position);
        file(form, "json").statusCode(400).body("[0].description", equalTo("description may be at most 2000 characters here"));
        form = form(key, "NOISE", "坐标不对", position);
        form.put("lat", "north");
        file(form, "json").statusCode(400).body("[0].description", equalTo("lat must be a number in decimal degrees"));
        form.put("lat", "91");
        file(form, "json").statusCode(400).body("[0].description", equalTo("lat must be between -90 and 90"));
        form = form(key, "NOISE", "区外", new double[] {39.9, 116.4});
        file(form, "json").statusCode(400).body("[0].description", containsString("outside the district"));
        form = form(key, "NOISE", "图片地址不对", position);
        form.put("media_url", "javascript:alert(1)");
        file(form, "json").statusCode(400).body("[0].description", containsString("media_url must be an http or https URL"));
        form = form(key, "NOISE", "电话不对", position);
        form.put("phone", "call me");
        file(form, "json").statusCode(400).body("[0].description", equalTo("phone may contain only digits, spaces and + - ( )"));
        assertEquals(before, petitions());
    }

    @Test
    void anAddressAloneCannotBePlacedInACommunity() {
        Map<String, Object> form = form(key, "NOISE", "只有地址", position);
        form.remove("lat");
        form.remove("long");
        form.put("address_string", "合肥路17号");
        file(form, "json").statusCode(400).body("[0].code", equalTo(400))
                .body("[0].description", containsString("lat and long are required"))
                .body("[0].description", containsString("address_string"));
        form.remove("address_string");
        file(form, "json").statusCode(400).body("[0].description", equalTo("A location was not provided: send lat and long (WGS-84)"));
    }

    @Test
    void wrongContentTypeAndMalformedFormsAreGeoReportErrorsNotProblems() {
        given().contentType("application/json").body("{\"api_key\":\"" + key + "\"}").post("/open311/v2/requests.json")
                .then().statusCode(400).contentType(JSON)
                .body("[0].code", equalTo(400)).body("[0].description", equalTo("Send the request as application/x-www-form-urlencoded"));
        given().contentType(Open311Fixtures.FORM).body("api_key=" + key + "&description=%ZZ").post("/open311/v2/requests.xml")
                .then().statusCode(400).contentType(XML)
                .body("errors.error.description", equalTo("The form data is not correctly URL-encoded"));
        given().contentType("text/plain").body("hello").post("/open311/v2/requests.json").then().statusCode(400).contentType(JSON)
                .body("[0].code", equalTo(400)).body(not(containsString("problem")));
        given().contentType(Open311Fixtures.FORM).body("api_key=" + key).post("/open311/v2/requests.yaml")
                .then().statusCode(404).contentType(XML).body("errors.error.code", equalTo("404"));
    }

    @Test
    void blankOptionalArgumentsCountAsNotSent() {
        Map<String, Object> form = form(key, "SANITATION", "垃圾桶满了", position);
        form.put("media_url", "");
        form.put("first_name", " ");
        form.put("attribute[anonymous]", "");
        String id = fileOk(form);
        var extra = fixtures.sql("SELECT o.media_url, o.attributes::text AS a, p.contact_name FROM open311_request o JOIN petition p ON p.id = o.petition_id"
                + " WHERE o.petition_id = $1", Long.parseLong(id)).iterator().next();
        assertNull(extra.getString("media_url"));
        assertNull(extra.getString("contact_name"));
        assertEquals("{}", extra.getString("a"));
        given().get("/open311/v2/requests/" + id + ".json").then().statusCode(200).body("[0].media_url", nullValue());
    }
}
