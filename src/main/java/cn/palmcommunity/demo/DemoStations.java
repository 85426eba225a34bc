package cn.palmcommunity.demo;

import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.station.StationColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo district's stations, the same for the same seed: a warm station in most communities,
 * rider-friendly compounds in every other one, two legal-aid stations with two half-days a week and
 * a dozen discount eateries, with hours that show every case (around the clock, past midnight,
 * closed on public holidays, own holiday hours, split lunch and dinner).
 */
public final class DemoStations {

    /** One station as inserted; positions are WGS-84. */
    public record Station(String externalId, String kind, String name, String address, double latitude, double longitude,
                          long communityId, String phone, String description, List<String> amenities, String openingHours,
                          String entranceGuide, String riderGate, String entryRules, String legalService, String discount) {
    }

    private static final String[] WARM_HOURS = {
        "24/7", "Mo-Su 07:00-22:00", "Mo-Fr 08:00-20:00; Sa,Su 09:00-18:00; PH off", "Mo-Su 06:00-02:00",
        "Mo-Sa 08:00-21:00; PH 10:00-16:00"};
    private static final String[] EATERY_HOURS = {
        "Mo-Su 10:30-14:00,17:00-21:30", "Mo-Su 18:00-03:00", "Mo-Sa 06:30-10:00,11:00-20:00; PH off"};
    private static final String[][] LEGAL_AID = {
        {"Tu 09:00-12:00; Th 14:00-17:30; PH off", "劳动争议、欠薪维权、交通事故法律咨询"},
        {"We 09:00-12:00; Fr 14:00-17:00; PH off", "劳动合同审查、工伤认定、法律援助申请"}};
    private static final String[] DISCOUNTS = {"凭骑手证件九折", "骑手免费加饭加汤", "满20元减3元（骑手专享）", "骑手套餐12元"};

    private final long seed;

    public DemoStations(long seed) {
        this.seed = seed;
    }

    public List<Station> generate(DemoDistrict district) {
        SplittableRandom random = new SplittableRandom(seed * 7_919L + 17);
        List<Station> out = new ArrayList<>();
        List<DemoDistrict.Community> communities = district.communities();
        for (int i = 0; i < communities.size(); i++) {
            DemoDistrict.Community c = communities.get(i);
            String road = c.roads().get(0);
            if (random.nextInt(100) < 85) {
                List<String> amenities = new ArrayList<>(List.of("SEATS", "DRINKING_WATER", "PHONE_CHARGING"));
                maybe(random, 85, amenities, "TOILET");
                maybe(random, 40, amenities, "MICROWAVE");
                maybe(random, 60, amenities, "HEATING");
                maybe(random, 50, amenities, "COOLING");
                maybe(random, 30, amenities, "EBIKE_CHARGING");
                maybe(random, 50, amenities, "FIRST_AID");
                maybe(random, 60, amenities, "WIFI");
                maybe(random, 50, amenities, "EBIKE_PARKING");
                int number = 1 + random.nextInt(120);
                out.add(new Station("DEMO-WARM-" + c.code(), "WARM", road + "路暖心驿站", road + "路" + number + "号",
                        jitter(c.latitude(), random), jitter(c.longitude(), random), c.id(), "0532-8" + digits(random, 7),
                        "新就业群体暖心驿站：歇脚、喝水、充电、热饭", amenities, WARM_HOURS[random.nextInt(WARM_HOURS.length)],
                        null, null, null, null, null));
            }
            if (i % 2 == 0) {
                int number = 1 + random.nextInt(120);
                boolean allDay = random.nextInt(100) < 80;
                out.add(new Station("DEMO-COMPOUND-" + c.code(), "RIDER_COMPOUND", road + "路" + number + "号院", road + "路" + number + "号",
                        jitter(c.latitude(), random), jitter(c.longitude(), random), c.id(), null, "骑手友好小区",
                        List.of("EBIKE_PARKING"), allDay ? "24/7" : "Mo-Su 06:00-24:00",
                        "从" + (allDay ? "南门" : "东门") + "进入，楼号牌在每栋楼西侧山墙上，单元门在楼北侧", allDay ? "南门（24小时）" : "东门",
                        "电动车停放在门口非机动车停放区，步行进入；请勿鸣笛", null, null));
            }
        }
        int[] legalAid = {9, 72};
        for (int k = 0; k < legalAid.length; k++) {
            DemoDistrict.Community c = communities.get(legalAid[k] % communities.size());
            out.add(new Station("DEMO-LEGAL-" + c.code(), "LEGAL_AID", c.roads().get(0) + "路法律援助工作站", c.roads().get(0) + "路社区党群服务中心",
                    jitter(c.latitude(), random), jitter(c.longitude(), random), c.id(), "0532-8" + digits(random, 7),
                    "律师每周两个半天坐班", List.of("SEATS", "DRINKING_WATER"), LEGAL_AID[k][0], null, null, null, LEGAL_AID[k][1], null));
        }
        for (int i = 3; i < communities.size(); i += 11) {
            DemoDistrict.Community c = communities.get(i);
            int number = 1 + random.nextInt(120);
            out.add(new Station("DEMO-EATERY-" + c.code(), "EATERY", c.roads().get(1) + "路" + "骑手爱心餐馆", c.roads().get(1) + "路" + number + "号",
                    jitter(c.latitude(), random), jitter(c.longitude(), random), c.id(), "0532-8" + digits(random, 7), null,
                    List.of("SEATS", "MICROWAVE", "DRINKING_WATER"), EATERY_HOURS[random.nextInt(EATERY_HOURS.length)],
                    null, null, null, null, DISCOUNTS[random.nextInt(DISCOUNTS.length)]));
        }
        return out;
    }

    /** Inserts the stations (and their weekly rows) unless the station table has any; answers how many were added. */
    public Uni<Integer> loadIfNone(Pool pool, DemoDistrict district) {
        List<Station> stations = generate(district);
        return pool.withTransaction(conn -> conn.query("LOCK TABLE station IN EXCLUSIVE MODE").execute()
                .onItem().transformToUni(ignored -> conn.query("SELECT (SELECT count(*) FROM station) AS stations, "
                        + "(SELECT count(*) FROM district WHERE id = 1) AS districts").execute())
                .onItem().transformToUni(rows -> {
                    var row = rows.iterator().next();
                    if (row.getLong("stations") > 0 || row.getLong("districts") == 0) {
                        return Uni.createFrom().item(0);
                    }
                    return insert(conn, stations).replaceWith(stations.size());
                }));
    }

    private static Uni<Void> insert(io.vertx.mutiny.sqlclient.SqlConnection conn, List<Station> stations) {
        StationColumns columns = new StationColumns(stations.size());
        for (Station s : stations) {
            columns.add(s.externalId(), s.kind(), s.name(), s.address(), s.latitude(), s.longitude(), s.communityId(), s.phone(),
                    s.description(), s.amenities(), OpeningHours.parseOsm(s.openingHours()), s.entranceGuide(), s.riderGate(),
                    s.entryRules(), s.legalService(), s.discount());
        }
        return conn.preparedQuery(INSERT).execute(columns.tuple()).replaceWithVoid();
    }

    /** The stations and their weekly rows, in district 1, in one statement. */
    private static final String INSERT = """
            WITH added AS (
                INSERT INTO station (external_id, district_id, kind, name, address, location, community_id, phone, description,
                                     amenities, opening_hours_osm, always_open, has_holiday_rule, entrance_guide, rider_gate,
                                     entry_rules, legal_service, discount)
                SELECT t.external_id, 1, t.kind, t.name, t.address, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)::geography,
                       t.community_id, t.phone, t.description, string_to_array(t.amenities, ','), t.osm, t.always_open,
                       t.has_holiday_rule, t.entrance_guide, t.rider_gate, t.entry_rules, t.legal_service, t.discount
                  FROM %s
                RETURNING id, external_id)
            INSERT INTO station_hours (station_id, day, open_minute, close_minute)
            SELECT added.id, h.day, h.open_minute, h.close_minute
              FROM %s
              JOIN added ON added.external_id = h.external_id""".formatted(StationColumns.STATIONS, StationColumns.HOURS);

    private static void maybe(SplittableRandom random, int percent, List<String> amenities, String code) {
        if (random.nextInt(100) < percent) {
            amenities.add(code);
        }
    }

    /** Within about 150 m of the community centre. */
    private static double jitter(double degrees, SplittableRandom random) {
        return degrees + (random.nextDouble() - 0.5) * 0.003;
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }
}
