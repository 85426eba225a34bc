package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.InsightFixtures.centre;
import static cn.palmcommunity.petition.InsightFixtures.china;
import static cn.palmcommunity.petition.InsightFixtures.offset;
import static cn.palmcommunity.petition.InsightFixtures.petition;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hotspot map, on communities 124, 128 and 129 (no other test uses them) and periods in 2024
 * (nothing else is submitted then), so every count is exact.
 */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class HotspotsTest {

    @Inject
    Fixtures fixtures;

    private static JsonPath map(String token, Map<String, ?> params) {
        return given().auth().oauth2(token).queryParams(params).get("/api/petitions/hotspots")
                .then().statusCode(200).contentType("application/geo+json").extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static Map<String, Object> may2024(Object... more) {
        Map<String, Object> params = new HashMap<>(Map.of("from", "2024-05-01", "to", "2024-06-01"));
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    @Test
    void cellsAreGeoJsonPolygonsWithLongitudeFirstAndTheirCounts() {
        double[] here = centre(fixtures, 124);
        double[] far = offset(here, 0, 2000);
        petition(124, "NOISE").at(here).submitted(china(2024, 5, 3, 9, 0)).insert(fixtures);
        petition(124, "NOISE").at(here).status("CLOSED").submitted(china(2024, 5, 20, 9, 0)).insert(fixtures);
        petition(124, "SANITATION").at(here).submitted(china(2024, 5, 31, 23, 50)).insert(fixtures);
        petition(124, "NOISE").at(far).submitted(china(2024, 5, 10, 9, 0)).insert(fixtures);
        // Not counted: merged into another, outside the period (the 1st of June, China time), no location.
        petition(124, "NOISE").at(here).status("MERGED").submitted(china(2024, 5, 4, 9, 0)).insert(fixtures);
        petition(124, "NOISE").at(here).submitted(china(2024, 6, 1, 0, 10)).insert(fixtures);
        petition(124, "NOISE").submitted(china(2024, 5, 4, 9, 0)).insert(fixtures);

        JsonPath map = map(PetitionFixtures.workerOf(fixtures, 124), may2024());
        assertEquals("FeatureCollection", map.getString("type"));
        assertEquals(2, map.getList("features").size(), map.prettify());
        assertEquals("Feature", map.getString("features[0].type"));
        assertEquals("Polygon", map.getString("features[0].geometry.type"));
        assertEquals(3, map.getInt("features[0].properties.count"), "busiest first");
        assertEquals(Map.of("NOISE", 2, "SANITATION", 1), map.getMap("features[0].properties.byCategory"));
        assertEquals(Map.of("SUBMITTED", 2, "CLOSED", 1), map.getMap("features[0].properties.byStatus"));
        assertEquals(map.getString("features[0].id"), map.getString("features[0].properties.cell"));
        assertTrue(map.getString("features[0].id").startsWith("250m:"));
        assertEquals(1, map.getInt("features[1].properties.count"));

        List<List<Double>> ring = map.getList("features[0].geometry.coordinates[0]");
        assertEquals(5, ring.size());
        assertEquals(ring.get(0), ring.get(4), "the ring is closed");
        double minLon = ring.stream().mapToDouble(p -> p.get(0)).min().orElseThrow();
        double maxLon = ring.stream().mapToDouble(p -> p.get(0)).max().orElseThrow();
        double minLat = ring.stream().mapToDouble(p -> p.get(1)).min().orElseThrow();
        double maxLat = ring.stream().mapToDouble(p -> p.get(1)).max().orElseThrow();
        assertTrue(minLon <= here[1] && here[1] <= maxLon && minLat <= here[0] && here[0] <= maxLat,
                "longitude first, and the cell holds its petitions: " + ring);
        assertEquals(250, (maxLon - minLon) * 111_320 * Math.cos(Math.toRadians(here[0])), 5, "250 m wide on the ground");
        assertEquals(250, (maxLat - minLat) * 110_950, 5, "250 m high on the ground");
        assertTrue(signedArea(ring) > 0, "exterior ring counter-clockwise (RFC 7946 right-hand rule)");

        JsonPath coarse = map(PetitionFixtures.workerOf(fixtures, 124), may2024("cell", 5000));
        assertTrue(coarse.getString("features[0].id").startsWith("5000m:"));
        assertEquals(4, coarse.getList("features.properties.count", Integer.class).stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void filtersNarrowTheCount() {
        double[] here = offset(centre(fixtures, 128), 100, 100);
        petition(128, "GREENING").at(here).submitted(china(2024, 7, 2, 9, 0)).insert(fixtures);
        petition(128, "GREENING").at(here).status("IN_PROGRESS").submitted(china(2024, 7, 3, 9, 0)).insert(fixtures);
        petition(128, "GREENING").at(here).status("CLOSED").submitted(china(2024, 7, 4, 9, 0)).insert(fixtures);
        petition(128, "OTHER").at(here).status("REJECTED").submitted(china(2024, 7, 5, 9, 0)).insert(fixtures);
        petition(128, "OTHER").at(here).status("MERGED").submitted(china(2024, 7, 5, 9, 0)).insert(fixtures);
        String worker = PetitionFixtures.workerOf(fixtures, 128);
        Map<String, Object> july = Map.of("from", "2024-07-01", "to", "2024-08-01");

        assertEquals(4, count(map(worker, july)));
        assertEquals(3, count(map(worker, with(july, "category", "GREENING"))));
        assertEquals(1, count(map(worker, with(july, "status", "CLOSED"))));
        assertEquals(1, count(map(worker, with(july, "status", "MERGED"))), "merged only when asked for");
        assertEquals(2, count(map(worker, with(july, "open", "true"))));
        assertEquals(2, count(map(worker, with(july, "open", "false"))));
        assertEquals(1, count(map(worker, Map.of("from", "2024-07-04", "to", "2024-07-05"))));
        assertEquals(0, map(worker, Map.of("from", "2024-08-01", "to", "2024-09-01")).getList("features").size());
    }

    @Test
    void byCommunityTheCentreIsThePointAndScopeDecidesWhatIsCounted() {
        double[] centre124 = centre(fixtures, 124);
        double[] centre129 = centre(fixtures, 129);
        petition(124, "NOISE").at(centre124).submitted(china(2024, 9, 2, 9, 0)).insert(fixtures);
        petition(124, "SANITATION").submitted(china(2024, 9, 3, 9, 0)).insert(fixtures);
        petition(129, "NOISE").at(centre129).submitted(china(2024, 9, 4, 9, 0)).insert(fixtures);
        Map<String, Object> september = Map.of("by", "community", "from", "2024-09-01", "to", "2024-10-01");

        JsonPath mine = map(PetitionFixtures.workerOf(fixtures, 124), september);
        assertEquals(1, mine.getList("features").size(), mine.prettify());
        assertEquals("124", mine.getString("features[0].id"));
        assertEquals(124, mine.getInt("features[0].properties.communityId"));
        assertEquals(2, mine.getInt("features[0].properties.count"), "petitions without a location count for their community");
        assertEquals("Point", mine.getString("features[0].geometry.type"));
        assertEquals(centre124[1], mine.getDouble("features[0].geometry.coordinates[0]"), 1e-6);
        assertEquals(centre124[0], mine.getDouble("features[0].geometry.coordinates[1]"), 1e-6);
        assertNull(mine.get("features[0].properties.cell"));

        JsonPath all = map(Fixtures.accessToken(fixtures.districtAdmin()), september);
        List<String> ids = all.getList("features.id");
        assertTrue(ids.contains("124") && ids.contains("129"), ids.toString());
        JsonPath street = map(Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, 20L, null, null, null)), september);
        assertEquals(List.of("129"), street.getList("features.id"), "street 20 holds 129, not 124");
        assertNotEquals(0, street.getInt("features[0].properties.count"));
    }

    @Test
    void wrongParametersAndOutsidersAreRefused() {
        String worker = PetitionFixtures.workerOf(fixtures, 124);
        assertProblem(given().auth().oauth2(worker).queryParam("by", "hexagon").get("/api/petitions/hotspots").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("by"));
        assertProblem(given().auth().oauth2(worker).queryParam("cell", 10).get("/api/petitions/hotspots").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("cell"));
        assertProblem(given().auth().oauth2(worker).queryParam("from", "2024-13-01").get("/api/petitions/hotspots").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("from"));
        assertProblem(given().auth().oauth2(worker).queryParams(Map.of("from", "2024-05-01", "to", "2024-05-01"))
                .get("/api/petitions/hotspots").then(), 400, "wrong-type").body("errors[0].field", equalTo("to"));
        assertProblem(given().auth().oauth2(worker).queryParam("status", "DONE").get("/api/petitions/hotspots").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("status"));
        assertProblem(given().auth().oauth2(worker).queryParam("open", "maybe").get("/api/petitions/hotspots").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("open"));
        given().auth().oauth2(worker).accept("application/json").get("/api/petitions/hotspots").then()
                .statusCode(200).contentType("application/json").body("type", equalTo("FeatureCollection"));
        assertProblem(given().auth().oauth2(worker).accept("application/geo+json").queryParam("cell", "x").get("/api/petitions/hotspots")
                .then(), 400, "wrong-type");
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).get("/api/petitions/hotspots").then(), 403, "forbidden");
        assertProblem(given().get("/api/petitions/hotspots").then(), 401, "unauthorized");
    }

    private static int count(JsonPath map) {
        return map.getList("features.properties.count", Integer.class).stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> params = new HashMap<>(base);
        params.put(key, value);
        return params;
    }

    /** Shoelace formula: positive for a counter-clockwise ring in (x = longitude, y = latitude). */
    private static double signedArea(List<List<Double>> ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            sum += ring.get(i).get(0) * ring.get(i + 1).get(1) - ring.get(i + 1).get(0) * ring.get(i).get(1);
        }
        return sum / 2;
    }
}
