package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Volunteers and tasks for the volunteer tests. Each test class works in its own communities
 * (131-137, which no other volunteer test uses), so rankings are exact.
 */
final class VolunteerFixtures {

    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private VolunteerFixtures() {
    }

    static String worker(Fixtures fixtures, long communityId) {
        return Fixtures.accessToken(fixtures.communityWorker(communityId));
    }

    /** The community's centre as {latitude, longitude}. */
    static double[] centre(Fixtures fixtures, long communityId) {
        Row r = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", communityId)
                .iterator().next();
        return new double[] {r.getDouble(0), r.getDouble(1)};
    }

    /** A point the given metres north and east of {latitude, longitude}. */
    static double[] offset(double[] point, double northMetres, double eastMetres) {
        return new double[] {point[0] + northMetres / 111_320.0,
            point[1] + eastMetres / (111_320.0 * Math.cos(Math.toRadians(point[0])))};
    }

    static Map<String, Object> wgs84(double[] point) {
        return Map.of("latitude", point[0], "longitude", point[1], "coord", "WGS84");
    }

    /** A person inserted directly (fast, exact): skills as code or code:expiry-date, availability as OSM text. */
    static long person(Fixtures fixtures, long communityId, double[] home, String availability, int cap, String... skills) {
        long id = fixtures.sql("""
                INSERT INTO volunteer (name, community_id, home, categories, monthly_hours_cap, availability)
                VALUES ($1, $2, ST_SetSRID(ST_MakePoint($4, $3), 4326)::geography, '{VOLUNTEER}', $5, $6) RETURNING id""",
                "志愿者" + System.nanoTime() % 100000, communityId, home[0], home[1], cap, availability == null ? "" : availability)
                .iterator().next().getLong(0);
        for (String skill : skills) {
            String[] parts = skill.split(":");
            fixtures.sql("""
                    INSERT INTO volunteer_skill_held (volunteer_id, skill_code, certificate_number, certificate_expires, home, community_id)
                    SELECT id, $2, $3, $4, home, community_id FROM volunteer WHERE id = $1""",
                    id, parts[0], parts.length > 1 ? "CERT-" + id : null, parts.length > 1 ? LocalDate.parse(parts[1]) : null);
        }
        if (availability != null && !availability.isBlank()) {
            for (var row : cn.palmcommunity.hours.OpeningHours.parseOsm(availability).weeklyRows()) {
                if (row.day() < 7) {
                    fixtures.sql("INSERT INTO volunteer_availability (volunteer_id, day, open_minute, close_minute) VALUES ($1, $2, $3, $4)",
                            id, row.day(), row.openMinute(), row.closeMinute());
                }
            }
        }
        return id;
    }

    /** Gives the person a mini-program account (through the WeChat stub) and answers its access token. */
    static String selfToken(Fixtures fixtures, long volunteerId) {
        String token = Fixtures.residentToken();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        long account = Long.parseLong(new io.vertx.core.json.JsonObject(payload).getValue("sub").toString());
        fixtures.sql("UPDATE volunteer SET account_id = $1 WHERE id = $2", account, volunteerId);
        return token;
    }

    /** A task row inserted directly (for history: past tasks, no-shows, overlapping bookings). */
    static long taskRow(Fixtures fixtures, long communityId, double[] place, OffsetDateTime start, OffsetDateTime end, int headcount) {
        return fixtures.count("""
                INSERT INTO volunteer_task (community_id, street_id, kind, title, starts_at, ends_at, place, headcount, visibility,
                                            check_in_code, created_by)
                SELECT c.id, c.street_id, 'PATROL', '历史任务', $2, $3, ST_SetSRID(ST_MakePoint($5, $4), 4326)::geography, $6, 'COMMUNITY',
                       '0000', (SELECT min(id) FROM account)
                  FROM community c WHERE c.id = $1 RETURNING id""", communityId, start, end, place[0], place[1], headcount);
    }

    static long booking(Fixtures fixtures, long taskId, long volunteerId, String status) {
        return fixtures.count("""
                WITH b AS (INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period)
                           SELECT id, $2, $3, 'SIGN_UP', period FROM volunteer_task WHERE id = $1 RETURNING id),
                     c AS (UPDATE volunteer_task SET booked = booked + 1 WHERE id = $1)
                SELECT id FROM b""", taskId, volunteerId, status);
    }

    /** A task body; change entries before posting. Starts on the given China-time day and hour, two hours long. */
    static Map<String, Object> taskBody(long communityId, double[] place, LocalDate day, int hour, int headcount, String... skills) {
        OffsetDateTime start = day.atTime(hour, 0).atOffset(CHINA);
        Map<String, Object> body = new HashMap<>();
        body.put("communityId", communityId);
        body.put("kind", "VISIT_ELDERLY_ALONE");
        body.put("title", "探访独居老人");
        body.put("requiredSkills", List.of(skills));
        body.put("startsAt", start.toString());
        body.put("endsAt", start.plusHours(2).toString());
        body.put("place", wgs84(place));
        body.put("placeName", "测试社区服务中心");
        body.put("headcount", headcount);
        body.put("visibility", "COMMUNITY");
        return body;
    }

    static long createTask(String token, Map<String, Object> body) {
        return ((Number) given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/volunteer-tasks").then().statusCode(201).extract().path("id")).longValue();
    }

    static List<Long> ids(List<Map<String, Object>> candidates) {
        List<Long> out = new ArrayList<>();
        for (Map<String, Object> c : candidates) {
            out.add(((Number) c.get("volunteerId")).longValue());
        }
        return out;
    }

    /** A Monday well in the future, so tasks are never in the past and the weekday is known. */
    static LocalDate futureMonday(int weeksAhead) {
        LocalDate d = LocalDate.now(CHINA).plusWeeks(weeksAhead);
        while (d.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
            d = d.plusDays(1);
        }
        return d;
    }
}
