package cn.palmcommunity.open311;

import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Shortcuts for Open311 tests: a fresh API key, a position inside a demo community, filing. */
final class Open311Fixtures {

    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private Open311Fixtures() {
    }

    /** A new working key, issued through the admin API by a new district administrator. */
    static String apiKey(Fixtures fixtures) {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        return given().auth().oauth2(admin).contentType("application/json").body(Map.of("name", "测试客户端"))
                .post("/api/open311/keys").then().statusCode(201).extract().path("key");
    }

    /** WGS-84 latitude and longitude a few metres from a community's centre. */
    static double[] near(Fixtures fixtures, long community) {
        var row = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", community)
                .iterator().next();
        return new double[] {row.getDouble(0) + 0.0002, row.getDouble(1) + 0.0002};
    }

    /** A complete, valid request in the given community; callers change or drop fields. */
    static Map<String, Object> form(String apiKey, String serviceCode, String description, double[] position) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("api_key", apiKey);
        form.put("service_code", serviceCode);
        form.put("lat", position[0]);
        form.put("long", position[1]);
        form.put("description", description);
        return form;
    }

    static RequestSpecification post(Map<String, ?> form) {
        return given().contentType(FORM).formParams(form);
    }

    static ValidatableResponse file(Map<String, ?> form, String format) {
        return post(form).post("/open311/v2/requests." + format).then();
    }

    /** Files and answers the new service_request_id. */
    static String fileOk(Map<String, ?> form) {
        String json = file(form, "json").statusCode(200).contentType("application/json").extract().asString();
        return io.restassured.path.json.JsonPath.from(json).getString("[0].service_request_id");
    }
}
