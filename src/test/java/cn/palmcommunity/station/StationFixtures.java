package cn.palmcommunity.station;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.geo.GeoPoint;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.http.ContentType;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Station test helpers. Every test works in an area of its own, far from the demo district and from
 * other tests' areas (half a degree apart, more than the 10 km search cap), so searches see only the
 * stations the test made.
 */
final class StationFixtures {

    /** Decimals as doubles: REST Assured's default float cannot hold a coordinate to a centimetre. */
    static final io.restassured.path.json.config.JsonPathConfig DOUBLES =
            new io.restassured.path.json.config.JsonPathConfig(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE);

    /** A demo community every test may use; scope tests pick others. */
    static final long COMMUNITY = 5;
    private static final AtomicInteger AREAS = new AtomicInteger();
    /** Metres per degree of latitude near 30-40 N on the sphere Distances uses. */
    static final double METRES_PER_DEGREE = 111_195.0;

    private StationFixtures() {
    }

    /** A fresh WGS-84 origin in mainland China, away from every other test's. */
    static GeoPoint area() {
        int k = AREAS.incrementAndGet();
        return new GeoPoint(28.0 + (k / 20) * 0.5, 103.0 + (k % 20) * 0.5);
    }

    /** {@code metres} north and {@code eastMetres} east of {@code origin}. */
    static GeoPoint offset(GeoPoint origin, double northMetres, double eastMetres) {
        double lat = origin.latitude() + northMetres / METRES_PER_DEGREE;
        double lng = origin.longitude() + eastMetres / (METRES_PER_DEGREE * Math.cos(Math.toRadians(origin.latitude())));
        return new GeoPoint(lat, lng);
    }

    /** A warm station body at a WGS-84 point. */
    static Map<String, Object> warm(String name, GeoPoint wgs, String openingHours, String... amenities) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "WARM");
        body.put("name", name);
        body.put("address", name + "门口");
        body.put("lat", wgs.latitude());
        body.put("lng", wgs.longitude());
        body.put("coord", "wgs84");
        body.put("communityId", COMMUNITY);
        body.put("openingHours", openingHours);
        body.put("amenities", List.of(amenities));
        return body;
    }

    static long create(String staffToken, Map<String, Object> body) {
        return ((Number) given().auth().oauth2(staffToken).contentType(ContentType.JSON).body(body)
                .post("/api/stations").then().statusCode(201).extract().path("id")).longValue();
    }

    static List<Long> ids(List<?> raw) {
        List<Long> out = new ArrayList<>();
        for (Object o : raw) {
            out.add(((Number) o).longValue());
        }
        return out;
    }

    /** Puts the application's clock at a China-time moment for the rest of the test. */
    static void at(LocalDateTime chinaTime) {
        QuarkusMock.installMockForType(Clock.fixed(chinaTime.atZone(ChinaTime.CHINA).toInstant(), ChinaTime.CHINA), Clock.class);
    }
}
