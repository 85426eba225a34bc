package cn.palmcommunity.open311;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, the service list and service definitions, in both formats. */
@QuarkusTest
class Open311CatalogueTest {

    @Inject
    Fixtures fixtures;

    private static final String JSON = "application/json; charset=utf-8";
    private static final String XML = "text/xml; charset=utf-8";

    @Test
    void discoveryNamesThisEndpointInBothFormats() {
        JsonPath json = given().get("/open311/v2/discovery.json").then().statusCode(200).contentType(JSON).extract().jsonPath();
        assertTrue(json.getString("changeset").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00"), json.getString("changeset"));
        assertFalse(json.getString("contact").isBlank());
        assertFalse(json.getString("key_service").isBlank());
        assertEquals("http://wiki.open311.org/GeoReport_v2", json.getString("endpoints[0].specification"));
        assertTrue(json.getString("endpoints[0].url").matches("http://localhost:\\d+/open311/v2"), json.getString("endpoints[0].url"));
        assertEquals("production", json.getString("endpoints[0].type"));
        assertEquals(List.of("application/json", "text/xml"), json.getList("endpoints[0].formats"));

        given().get("/open311/v2/discovery.xml").then().statusCode(200).contentType(XML)
                .body(startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
                .body("discovery.changeset", equalTo(json.getString("changeset")))
                .body("discovery.endpoints.endpoint.specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("discovery.endpoints.endpoint.url", endsWith("/open311/v2"))
                .body("discovery.endpoints.endpoint.type", equalTo("production"))
                .body("discovery.endpoints.endpoint.formats.format", hasItems("application/json", "text/xml"));
    }

    @Test
    void theServicesAreTheActiveCategories() {
        String body = given().get("/open311/v2/services.json").then().statusCode(200).contentType(JSON).extract().asString();
        Open311Schemas.assertValid("services.json", body);
        JsonPath json = JsonPath.from(body);
        List<String> codes = json.getList("service_code");
        assertTrue(codes.containsAll(List.of("PUBLIC_FACILITIES", "NOISE", "SAFETY_HAZARD", "OTHER")), codes.toString());
        Map<String, Object> noise = json.getMap("find { it.service_code == 'NOISE' }");
        assertEquals("噪音扰民", noise.get("service_name"));
        assertEquals(true, noise.get("metadata"));
        assertEquals("realtime", noise.get("type"));
        assertTrue(((String) noise.get("description")).contains("24 小时内受理"), noise.toString());
        assertTrue(((String) noise.get("keywords")).contains("Noise"));

        given().queryParam("lang", "en").get("/open311/v2/services.xml").then().statusCode(200).contentType(XML)
                .body("services.service.find { it.service_code == 'NOISE' }.service_name", equalTo("Noise"))
                .body("services.service.find { it.service_code == 'SAFETY_HAZARD' }.description",
                        equalTo("Safety hazard: Accepted within 2 hours and resolved within 5 working days."))
                .body("services.service.find { it.service_code == 'NOISE' }.metadata", equalTo("true"))
                .body("services.service.find { it.service_code == 'NOISE' }.type", equalTo("realtime"))
                .body("services.service.size()", equalTo(codes.size()));
    }

    @Test
    void aRetiredCategoryIsNoLongerAService() {
        fixtures.sql("INSERT INTO petition_category (code, name_zh, name_en, active) VALUES ('RETIRED_O311', '已停用', 'Retired', false)"
                + " ON CONFLICT (code) DO NOTHING");
        given().get("/open311/v2/services.json").then().statusCode(200)
                .body("service_code", hasItems("NOISE")).body("service_code", not(hasItems("RETIRED_O311")));
        given().get("/open311/v2/services/RETIRED_O311.json").then().statusCode(404)
                .body("[0].code", equalTo(404)).body("[0].description", equalTo("service_code RETIRED_O311 was not found"));
    }

    @Test
    void everyServiceMayBeAnonymousAndASafetyHazardUrgent() {
        String noise = given().get("/open311/v2/services/NOISE.json").then().statusCode(200).contentType(JSON).extract().asString();
        Open311Schemas.assertValid("service-definition.json", noise);
        JsonPath json = JsonPath.from(noise);
        assertEquals("NOISE", json.getString("service_code"));
        assertEquals(List.of("anonymous"), json.getList("attributes.code"));
        assertEquals("singlevaluelist", json.getString("attributes[0].datatype"));
        assertEquals(false, json.getBoolean("attributes[0].required"));
        assertEquals(true, json.getBoolean("attributes[0].variable"));
        assertEquals(List.of("true", "false"), json.getList("attributes[0].values.key"));

        String hazard = given().get("/open311/v2/services/SAFETY_HAZARD.json").then().statusCode(200).extract().asString();
        Open311Schemas.assertValid("service-definition.json", hazard);
        assertEquals(List.of("anonymous", "urgent"), JsonPath.from(hazard).getList("attributes.code"));
        assertEquals(List.of(1, 2), JsonPath.from(hazard).getList("attributes.order"));

        given().queryParam("lang", "en").get("/open311/v2/services/SAFETY_HAZARD.xml").then().statusCode(200).contentType(XML)
                .body("service_definition.service_code", equalTo("SAFETY_HAZARD"))
                .body("service_definition.attributes.attribute.size()", equalTo(2))
                .body("service_definition.attributes.attribute[1].code", equalTo("urgent"))
                .body("service_definition.attributes.attribute[1].datatype", equalTo("singlevaluelist"))
                .body("service_definition.attributes.attribute[1].required", equalTo("false"))
                .body("service_definition.attributes.attribute[1].values.value[0].key", equalTo("true"))
                .body("service_definition.attributes.attribute[1].values.value[0].name", equalTo("Yes"));
    }

    @Test
    void unknownServicesSuffixesAndPathsAre404InGeoReportsErrorFormat() {
        given().get("/open311/v2/services/NO_SUCH.json").then().statusCode(404).contentType(JSON)
                .body("[0].code", equalTo(404)).body("[0].description", equalTo("service_code NO_SUCH was not found"));
        given().get("/open311/v2/services/NO_SUCH.xml").then().statusCode(404).contentType(XML)
                .body("errors.error.code", equalTo("404")).body("errors.error.description", equalTo("service_code NO_SUCH was not found"));
        given().get("/open311/v2/services.csv").then().statusCode(404).contentType(XML)
                .body("errors.error.code", equalTo("404")).body("errors.error.description", equalTo("Unknown format .csv; use .xml or .json"));
        given().get("/open311/v2/services").then().statusCode(404).contentType(XML).body("errors.error.code", equalTo("404"));
        given().get("/open311/v2/discovery").then().statusCode(404).contentType(XML).body("errors.error.code", equalTo("404"));
        given().get("/open311/v3/services.json").then().statusCode(404).contentType(JSON).body("[0].code", equalTo(404));
        given().delete("/open311/v2/requests.json").then().statusCode(404).contentType(JSON).body("[0].code", equalTo(404));
        given().contentType(Open311Fixtures.FORM).body("a=b").post("/open311/v2/services.json").then().statusCode(404)
                .contentType(JSON).body("[0].code", equalTo(404));
    }

    @Test
    void theSchemaCheckItselfRejectsWhatTheSchemasForbid() {
        assertFalse(Open311Schemas.problems("services.json", "[{\"service_name\":\"x\",\"metadata\":false,\"type\":\"realtime\"}]").isEmpty(),
                "a service without service_code");
        assertFalse(Open311Schemas.problems("requests.json", """
                [{"service_request_id":"1","status":"open","service_code":"NOISE","requested_datetime":"yesterday"}]""").isEmpty(),
                "a date that is not a date-time");
        assertFalse(Open311Schemas.problems("requests.json", """
                [{"service_request_id":1,"status":"open","service_code":"NOISE","requested_datetime":"2026-11-23T08:45:00+08:00"}]""")
                .isEmpty(), "a numeric service_request_id");
    }
}
