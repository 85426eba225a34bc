package cn.palmcommunity.station;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.geo.Distances;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.station.StationFixtures.area;
import static cn.palmcommunity.station.StationFixtures.at;
import static cn.palmcommunity.station.StationFixtures.create;
import static cn.palmcommunity.station.StationFixtures.ids;
import static cn.palmcommunity.station.StationFixtures.offset;
import static cn.palmcommunity.station.StationFixtures.warm;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The in-memory search snapshot: it answers exactly what the SQL answers, and it follows changes made
 * through the API (at once) and behind its back in the database (within a bounded wait).
 */
@QuarkusTest
class StationSnapshotTest {

    /** Hours that exercise every case: around the clock, past midnight, holiday rules, split days, never. */
    private static final String[] HOURS = {
        "24/7", "Mo-Su 08:00-20:00", "Mo-Fr 09:00-18:00; PH off", "Mo-Su 18:00-02:00", "Mo-Sa 07:00-22:00",
        "Mo-Fr 08:00-18:00; PH 10:00-16:00", "Fr,Sa 20:00-04:00; PH 22:00-03:00", "Tu 09:00-12:00; Th 14:00-17:30; PH off",
        "Mo-Su 10:30-14:00,17:00-21:30", "Su 22:00-02:00", "Mo-Su 06:00-24:00", "off"};
    private static final String[] AMENITIES = {"SEATS", "TOILET", "PHONE_CHARGING", "EBIKE_CHARGING", "DRINKING_WATER", "MICROWAVE",
        "HEATING", "WIFI"};
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The demo district's centre: its stations take part too. */
    private static final GeoPoint DEMO = new GeoPoint(36.09, 120.375);

    @Inject
    Fixtures fixtures;
    @Inject
    StationSearch search;
    @Inject
    StationSnapshots snapshots;

    private String staff;

    @BeforeEach
    void staff() {
        staff = Fixtures.accessToken(fixtures.districtAdmin());
    }

    @Test
    void memoryAndDatabaseAnswerTheSameNearbyAndMapBoxSearches() {
        GeoPoint origin = area();
        SplittableRandom random = new SplittableRandom(20261126);
        List<Long> made = insertStations(origin, 300, random);
        // Closures: some cover the moments below, some are over or still to come, some are open-ended.
        Map<Long, Integer> closureCount = new HashMap<>();
        Instant[] closureStarts = {instant(2026, 10, 1, 8, 0), instant(2026, 11, 4, 10, 0), instant(2026, 11, 5, 0, 0),
            instant(2026, 11, 8, 12, 0), instant(2026, 9, 1, 0, 0)};
        for (int i = 0; i < made.size(); i += 9) {
            Instant from = closureStarts[random.nextInt(closureStarts.length)];
            Instant until = random.nextInt(4) == 0 ? null : from.plus(Duration.ofHours(2 + random.nextInt(72)));
            fixtures.sql("INSERT INTO station_closure (station_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4)",
                    made.get(i), from.atOffset(ZoneOffset.UTC), until == null ? null : until.atOffset(ZoneOffset.UTC), "检修" + i);
            closureCount.merge(made.get(i), 1, Integer::sum);
        }
        awaitSnapshot(() -> made.stream().allMatch(id -> inSnapshot(id) && snapshots.ready().station(id).closures().size() == closureCount.getOrDefault(id, 0)));

        Instant[] moments = {
            instant(2026, 10, 1, 11, 0),   // National Day (a holiday Thursday)
            instant(2026, 10, 8, 1, 30),   // the night after the holiday week: yesterday was a holiday
            instant(2026, 11, 4, 12, 0),   // an ordinary Wednesday noon
            instant(2026, 11, 5, 1, 30),   // past midnight
            instant(2026, 11, 7, 3, 59),   // Saturday night, Friday's late interval
            instant(2026, 11, 9, 23, 59),  // Monday's last minute
            instant(2026, 11, 4, 10, 30),  // inside some closures
        };
        String[] kinds = {"WARM", "RIDER_COMPOUND", "LEGAL_AID", "EATERY"};
        int compared = 0;
        int nonEmpty = 0;
        for (int q = 0; q < 240; q++) {
            Instant at = moments[q % moments.length];
            GeoPoint centre = q % 4 == 0 ? DEMO : origin;
            GeoPoint here = offset(centre, (random.nextDouble() - 0.5) * 8000, (random.nextDouble() - 0.5) * 8000);
            int radius = new int[] {300, 800, 1500, 3000, 10_000}[random.nextInt(5)];
            String[] kind = random.nextInt(3) == 0 ? pick(random, kinds, 1 + random.nextInt(2)) : null;
            String[] amenity = random.nextInt(3) == 0 ? new String[0] : pick(random, AMENITIES, 1 + random.nextInt(2));
            StationSearch.Filter filter = new StationSearch.Filter(kind, amenity, random.nextBoolean());
            int limit = new int[] {1, 5, 20, 50}[random.nextInt(4)];
            String what = "query " + q + " at " + here + " r=" + radius + " kinds=" + (kind == null ? "all" : String.join(",", kind))
                    + " amenities=" + String.join(",", amenity) + " open=" + filter.openNow() + " limit=" + limit + " at " + at;

            StationSearch.Results fromDb = search.nearbyInDatabase(here, radius, filter, limit, at).await().atMost(WAIT);
            StationSearch.Results fromMemory = search.nearbyInMemory(here, radius, filter, limit, at);
            assertNotNull(fromMemory, "the snapshot answers: " + what);
            assertSame(fromDb, fromMemory, what);
            if (!fromDb.items().isEmpty()) {
                nonEmpty++;
                if (q % 5 == 0) {
                    assertExactDistances(here, fromMemory, what);
                }
            }

            double south = here.latitude() - random.nextDouble() * 0.03;
            double west = here.longitude() - random.nextDouble() * 0.03;
            double north = here.latitude() + random.nextDouble() * 0.03;
            double east = here.longitude() + random.nextDouble() * 0.03;
            int boxLimit = new int[] {3, 50, 200}[random.nextInt(3)];
            StationSearch.Results boxDb = search.withinInDatabase(south, west, north, east, filter, boxLimit, at).await().atMost(WAIT);
            StationSearch.Results boxMemory = search.withinInMemory(south, west, north, east, filter, boxLimit, at);
            assertNotNull(boxMemory, "box " + what);
            assertSame(boxDb, boxMemory, "box " + what);
            compared += 2;
        }
        assertEquals(480, compared);
        assertTrue(nonEmpty > 150, "most searches find something (" + nonEmpty + ")");
    }

    @Test
    void aStaffEditAndATemporaryClosureShowInSearchAtOnce() {
        GeoPoint origin = area();
        long id = create(staff, warm("旧名驿站", offset(origin, 100, 0), "24/7", "TOILET"));
        // The create answered only once the snapshot had it: no waiting here.
        assertEquals("旧名驿站", snapshots.ready().station(id).name());
        assertEquals(List.of(id), ids(nearby(origin, Map.of("amenity", "TOILET")).getList("items.id")));

        Map<String, Object> change = warm("新名驿站", offset(origin, 200, 0), "Mo-Fr 08:00-18:00", "WIFI");
        given().auth().oauth2(staff).header("If-Match", "\"0\"").contentType(ContentType.JSON).body(change)
                .put("/api/stations/" + id).then().statusCode(200);
        assertEquals(List.of(), ids(nearby(origin, Map.of("amenity", "TOILET")).getList("items.id")));
        JsonPath changed = nearby(origin, Map.of("amenity", "WIFI"));
        assertEquals(List.of(id), ids(changed.getList("items.id")));
        assertEquals("新名驿站", changed.getString("items[0].name"));
        assertEquals(200, changed.getLong("items[0].distanceMetres"), 2);

        at(LocalDateTime.of(2026, 11, 4, 12, 0)); // a Wednesday, inside the new hours
        assertEquals(List.of(id), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")));
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-11-04T11:00:00+08:00", "until", "2026-11-04T13:00:00+08:00", "reason", "水管抢修"))
                .post("/api/stations/" + id + "/closures").then().statusCode(201);
        assertEquals(List.of(), ids(nearby(origin, Map.of("openNow", true)).getList("items.id")), "a temporary closure hides it");
        JsonPath all = nearby(origin, Map.of());
        assertEquals(false, all.getBoolean("items[0].openNow"));
        assertEquals("水管抢修", all.getString("items[0].closureReason"));
        assertEquals("2026-11-04T13:00:00+08:00", all.getString("items[0].opensAt"));
        assertEquals(1, snapshots.ready().station(id).closures().size(), "answered from memory");

        given().auth().oauth2(staff).contentType(ContentType.JSON).body(Map.of("reason", "撤并"))
                .post("/api/stations/" + id + "/close").then().statusCode(200);
        assertEquals(List.of(), ids(nearby(origin, Map.of()).getList("items.id")), "a closed station leaves the search");
        assertEquals(null, snapshots.ready().station(id));
    }

    @Test
    void aChangeMadeDirectlyInTheDatabaseReachesSearchWithinABoundedWait() {
        GeoPoint origin = area();
        long id = create(staff, warm("另一实例", offset(origin, 100, 0), "24/7", "TOILET"));
        long other = create(staff, warm("不变", offset(origin, 300, 0), "24/7", "TOILET"));

        // As another instance (or psql) would: only the trigger's NOTIFY tells this one.
        fixtures.sql("UPDATE station SET amenities = '{WIFI}', name = '另一实例（改）' WHERE id = $1", id);
        awaitSearch(origin, Map.of("amenity", "WIFI"), List.of(id));
        assertEquals(List.of(other), ids(nearby(origin, Map.of("amenity", "TOILET")).getList("items.id")));
        assertEquals("另一实例（改）", nearby(origin, Map.of("amenity", "WIFI")).getString("items[0].name"));
        assertEquals("另一实例（改）", snapshots.ready().station(id).name(), "the snapshot itself followed, not a fallback");

        fixtures.sql("UPDATE station SET location = ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography WHERE id = $1", id,
                offset(origin, 0, 500).longitude(), offset(origin, 0, 500).latitude());
        awaitSearch(origin, Map.of(), List.of(other, id));

        Instant now = Instant.now();
        fixtures.sql("INSERT INTO station_closure (station_id, starts_at, reason) VALUES ($1, $2, '临时关闭')", other,
                now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
        awaitSearch(origin, Map.of("openNow", true), List.of(id));

        fixtures.sql("UPDATE station SET active = false WHERE id = $1", id);
        awaitSearch(origin, Map.of(), List.of(other));
        fixtures.sql("DELETE FROM station_closure WHERE station_id = $1", other);
        awaitSearch(origin, Map.of("openNow", true), List.of(other));
    }

    @Test
    void spheroidDistancesMatchPostgis() {
        // ST_Distance('SRID=4326;POINT(120.375 36.09)'::geography, 'SRID=4326;POINT(120.39 36.1)'::geography) and with use_spheroid false.
        assertEquals(1748.13456586, Distances.spheroidMetres(36.09, 120.375, 36.1, 120.39), 1e-6);
        assertEquals(1747.24737181, Distances.postgisSphereMetres(36.09, 120.375, 36.1, 120.39), 1e-6);
        Row row = fixtures.sql("""
                SELECT ST_Distance(a, b), a <-> b FROM (SELECT 'SRID=4326;POINT(103.5 28.25)'::geography a,
                                                              'SRID=4326;POINT(103.58 28.19)'::geography b) t""").iterator().next();
        assertEquals(row.getDouble(0), Distances.spheroidMetres(28.25, 103.5, 28.19, 103.58), 1e-4);
        assertEquals(row.getDouble(1), Distances.postgisSphereMetres(28.25, 103.5, 28.19, 103.58), 1e-4);
    }

    // ------------------------------------------------------------------ helpers

    private static JsonPath nearby(GeoPoint wgs, Map<String, ?> extra) {
        return given().queryParam("lat", wgs.latitude()).queryParam("lng", wgs.longitude()).queryParam("coord", "wgs84")
                .queryParams(extra).get("/api/stations/nearby").then().statusCode(200).extract().jsonPath().using(StationFixtures.DOUBLES);
    }

    private static void awaitSearch(GeoPoint origin, Map<String, ?> query, List<Long> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Long> last;
        do {
            last = ids(nearby(origin, query).getList("items.id"));
            if (last.equals(expected)) {
                return;
            }
            pause();
        } while (System.nanoTime() < deadline);
        fail("search " + query + " still answers " + last + " after " + WAIT + ", not " + expected);
    }

    private void awaitSnapshot(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the snapshot did not take the new stations within " + WAIT);
            }
            pause();
        }
    }

    private boolean inSnapshot(long id) {
        StationSnapshot s = snapshots.ready();
        return s != null && s.station(id) != null;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertSame(StationSearch.Results expected, StationSearch.Results actual, String what) {
        assertEquals(idsOf(expected), idsOf(actual), "ids in order: " + what);
        assertEquals(expected.truncated(), actual.truncated(), "truncated: " + what);
        for (int i = 0; i < expected.items().size(); i++) {
            StationSearch.Found e = expected.items().get(i);
            StationSearch.Found a = actual.items().get(i);
            String item = what + " item " + i + " (station " + e.id() + ")";
            assertEquals(e.distanceMetres(), a.distanceMetres(), "distance: " + item);
            assertEquals(e.status(), a.status(), "status: " + item);
            assertEquals(e, a, item);
        }
    }

    /** The memory path's unrounded spheroid distance against ST_Distance for the same stations. */
    private void assertExactDistances(GeoPoint here, StationSearch.Results found, String what) {
        Long[] idArray = found.items().stream().map(StationSearch.Found::id).toArray(Long[]::new);
        Map<Long, Double> postgis = new HashMap<>();
        for (Row r : fixtures.sql("SELECT id, ST_Distance(location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS d "
                + "FROM station WHERE id = ANY($3)", here.longitude(), here.latitude(), idArray)) {
            postgis.put(r.getLong("id"), r.getDouble("d"));
        }
        for (StationSearch.Found f : found.items()) {
            double mine = Distances.spheroidMetres(here.latitude(), here.longitude(), f.wgs84().latitude(), f.wgs84().longitude());
            assertEquals(postgis.get(f.id()), mine, 0.5, "distance of " + f.id() + ": " + what);
        }
    }

    private static List<Long> idsOf(StationSearch.Results results) {
        return results.items().stream().map(StationSearch.Found::id).toList();
    }

    private static String[] pick(SplittableRandom random, String[] from, int count) {
        List<String> pool = new ArrayList<>(List.of(from));
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = pool.remove(random.nextInt(pool.size()));
        }
        return java.util.Arrays.stream(out).sorted().toArray(String[]::new);
    }

    private static Instant instant(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(ChinaTime.CHINA).toInstant();
    }

    /** Stations spread over 8 x 8 km around {@code origin}, stored the way the import stores them. */
    private List<Long> insertStations(GeoPoint origin, int count, SplittableRandom random) {
        String prefix = "snap-" + System.nanoTime() + "-";
        String[] kinds = {"WARM", "WARM", "WARM", "RIDER_COMPOUND", "LEGAL_AID", "EATERY"};
        StationColumns columns = new StationColumns(count);
        for (int i = 0; i < count; i++) {
            GeoPoint p = offset(origin, (random.nextDouble() - 0.5) * 8000, (random.nextDouble() - 0.5) * 8000);
            List<String> amenities = new ArrayList<>();
            for (String code : AMENITIES) {
                if (random.nextInt(100) < 45) {
                    amenities.add(code);
                }
            }
            OpeningHours hours = OpeningHours.parseOsm(HOURS[random.nextInt(HOURS.length)]);
            columns.add(prefix + i, kinds[random.nextInt(kinds.length)], "快照驿站" + i, "快照路" + i + "号", p.latitude(), p.longitude(),
                    StationFixtures.COMMUNITY, null, null, amenities, hours, null, null, null, null, null);
        }
        List<Long> ids = new ArrayList<>();
        for (Row r : fixtures.sql("""
                WITH added AS (
                    INSERT INTO station (external_id, district_id, kind, name, address, location, community_id, phone, description,
                                         amenities, opening_hours_osm, always_open, has_holiday_rule)
                    SELECT t.external_id, st.district_id, t.kind, t.name, t.address, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)::geography,
                           t.community_id, t.phone, t.description, CASE WHEN t.amenities = '' THEN '{}'::text[] ELSE string_to_array(t.amenities, ',') END,
                           t.osm, t.always_open, t.has_holiday_rule
                      FROM %s
                      JOIN community c ON c.id = t.community_id JOIN street st ON st.id = c.street_id
                    RETURNING id, external_id),
                hours AS (
                    INSERT INTO station_hours (station_id, day, open_minute, close_minute)
                    SELECT added.id, h.day, h.open_minute, h.close_minute FROM %s JOIN added ON added.external_id = h.external_id)
                SELECT id FROM added ORDER BY id""".formatted(StationColumns.STATIONS, StationColumns.HOURS), tupleValues(columns))) {
            ids.add(r.getLong("id"));
        }
        assertEquals(count, ids.size());
        return ids;
    }

    private static Object[] tupleValues(StationColumns columns) {
        var tuple = columns.tuple();
        Object[] values = new Object[tuple.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tuple.getValue(i);
        }
        return values;
    }
}
