package cn.palmcommunity.station;

import cn.palmcommunity.demo.DemoDistrict;
import cn.palmcommunity.demo.DemoDistrictGenerator;
import cn.palmcommunity.demo.DemoStations;
import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo district comes with stations, the same ones for the same seed. */
@QuarkusTest
class DemoStationsTest {

    @Inject
    Fixtures fixtures;

    @ConfigProperty(name = "palm.demo.seed")
    long seed;

    @Test
    void theSameSeedGivesTheSameStationsWithEveryKindOfHours() {
        DemoDistrict district = new DemoDistrictGenerator(seed, 0).organisation();
        List<DemoStations.Station> stations = new DemoStations(seed).generate(district);
        assertEquals(stations, new DemoStations(seed).generate(district));
        Map<String, Long> byKind = stations.stream().collect(Collectors.groupingBy(DemoStations.Station::kind, Collectors.counting()));
        assertTrue(byKind.get("WARM") >= 100, "a warm station in most communities: " + byKind);
        assertTrue(byKind.get("RIDER_COMPOUND") >= 60, "60+ rider-friendly compounds: " + byKind);
        assertEquals(2L, byKind.get("LEGAL_AID"));
        assertTrue(byKind.get("EATERY") >= 10, byKind.toString());
        List<OpeningHours> hours = stations.stream().map(s -> OpeningHours.parseOsm(s.openingHours())).toList();
        assertTrue(hours.stream().anyMatch(OpeningHours::alwaysOpen));
        assertTrue(hours.stream().anyMatch(h -> h.weeklyRows().stream().anyMatch(r -> r.closeMinute() > 1440)), "past midnight");
        assertTrue(hours.stream().anyMatch(h -> h.hasHolidayRule()), "holiday rules");
    }

    @Test
    void theyAreLoadedAndFoundFromADemoCommunity() {
        DemoDistrict district = new DemoDistrictGenerator(seed, 0).organisation();
        int generated = new DemoStations(seed).generate(district).size();
        assertEquals(generated, fixtures.count("SELECT count(*) FROM station WHERE external_id LIKE 'DEMO-%'"));
        DemoDistrict.Community first = district.communities().get(0);
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(new GeoPoint(first.latitude(), first.longitude()));
        JsonPath near = given().queryParam("lat", gcj.latitude()).queryParam("lng", gcj.longitude()).queryParam("radius", 1000)
                .get("/api/stations/nearby").then().statusCode(200).extract().jsonPath();
        assertTrue(near.getList("items").size() >= 2, "stations around the first community");
        assertTrue(near.getLong("items[0].distanceMetres") < 300);
    }
}
