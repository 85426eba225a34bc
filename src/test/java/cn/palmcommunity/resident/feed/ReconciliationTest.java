package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 比对核准: feed values that disagree with the community's records wait for a worker; nothing is silently overwritten. */
@QuarkusTest
class ReconciliationTest {

    @Inject
    FeedFixtures feeds;

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    private long resident(RegistryFixtures.Place place, String id) {
        return registry.resident(id, "核准居民", place.communityId(), place.grid1(), place.compoundId(), "13800002222", "LIVING");
    }

    private void surveyed(long resident, String field, OffsetDateTime at) {
        fixtures.sql("""
                INSERT INTO resident_value (resident_id, field, source, recorded_at) VALUES ($1, $2, 'COMMUNITY_SURVEY', $3)
                ON CONFLICT (resident_id, field) DO UPDATE SET source = 'COMMUNITY_SURVEY', recorded_at = $3""", resident, field, at);
    }

    private String status(long resident) {
        return fixtures.sql("SELECT living_status FROM resident WHERE id = $1", resident).iterator().next().getString(0);
    }

    @Test
    void aDeathTheCommunityContradictsWaitsForAWorkerWhoConfirmsTheFeed() {
        RegistryFixtures.Place place = registry.newCommunity();
        String seen = RegistryFixtures.idNumber(LocalDate.of(1935, 3, 3), 'M');
        String stale = RegistryFixtures.idNumber(LocalDate.of(1936, 4, 4), 'F');
        long rSeen = resident(place, seen);
        long rStale = resident(place, stale);
        // A worker saw the first alive on 2026-10-20, after the day the feed says he died; the second only in 2025.
        surveyed(rSeen, "livingStatus", OffsetDateTime.parse("2026-10-20T10:00:00+08:00"));
        surveyed(rStale, "livingStatus", OffsetDateTime.parse("2025-06-01T10:00:00+08:00"));
        String token = feeds.department("CIVIL_AFFAIRS");
        feeds.csv(token, "DEATH", "record_id,version,id_number,death_date\n"
                + "RD-" + rSeen + ",1," + seen + ",2026-10-01\n"
                + "RD-" + rStale + ",1," + stale + ",2026-10-01\n").statusCode(200)
                .body("rowsApplied", equalTo(1)).body("discrepancies", equalTo(1));
        assertEquals("LIVING", status(rSeen), "not overwritten");
        assertEquals("DECEASED", status(rStale), "the community's knowledge was older than the death");

        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        var open = given().auth().oauth2(worker).get("/api/discrepancies").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].residentId", equalTo((int) rSeen))
                .body("[0].field", equalTo("livingStatus"))
                .body("[0].communityValue", equalTo("LIVING"))
                .body("[0].communitySource", equalTo("COMMUNITY_SURVEY"))
                .body("[0].feedValue", equalTo("DECEASED (2026-10-01)"))
                .body("[0].source", equalTo("CIVIL_AFFAIRS"))
                .body("[0].feed", equalTo("DEATH"))
                .body("[0].feedRecordId", equalTo("RD-" + rSeen))
                .body("[0].status", equalTo("OPEN"))
                .extract();
        long id = ((Number) open.path("[0].id")).longValue();
        given().auth().oauth2(worker).get("/api/discrepancies/counts").then().statusCode(200)
                .body("communityId", contains((int) place.communityId())).body("open", contains(1));

        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("keep", "FEED", "version", 0, "note", "家属确认"))
                .post("/api/discrepancies/" + id + "/resolve").then().statusCode(200)
                .body("status", equalTo("FEED_CONFIRMED")).body("resolutionNote", equalTo("家属确认")).body("version", equalTo(1));
        assertEquals("DECEASED", status(rSeen));
        var prov = fixtures.sql("SELECT source, feed_record_id, entered_by FROM resident_value WHERE resident_id = $1 AND field = 'livingStatus'", rSeen)
                .iterator().next();
        assertEquals("DEPARTMENT_FEED", prov.getString(0));
        assertEquals("RD-" + rSeen, prov.getString(1));
        assertEquals(1, fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'RESOLVE_DISCREPANCY' AND subject_id = $1", rSeen));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("keep", "COMMUNITY", "version", 1))
                .post("/api/discrepancies/" + id + "/resolve").then(), 409, "discrepancy-resolved");
        given().auth().oauth2(worker).get("/api/discrepancies/counts").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aTagTheCommunityConfirmedCanBeKeptAgainstTheFeed() {
        RegistryFixtures.Place place = registry.newCommunity();
        String id = RegistryFixtures.idNumber(LocalDate.of(1975, 7, 7), 'M');
        long r = resident(place, id);
        fixtures.sql("""
                INSERT INTO resident_tag (resident_id, tag_code, level, since, source, confirmed_at)
                VALUES ($1, 'DISABILITY', 2, DATE '2020-01-01', 'COMMUNITY_SURVEY', $2)""", r, OffsetDateTime.parse("2026-06-01T10:00:00+08:00"));
        String token = feeds.department("DISABLED_PERSONS_FEDERATION");
        feeds.csv(token, "DISABILITY", "record_id,version,id_number,level,since\nT-" + r + ",1," + id + ",3,2026-01-01\n").statusCode(200)
                .body("discrepancies", equalTo(1));
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        long d = ((Number) given().auth().oauth2(worker).get("/api/discrepancies?field=tag:DISABILITY").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].communityValue", equalTo("DISABILITY level 2"))
                .body("[0].feedValue", equalTo("DISABILITY level 3"))
                .extract().path("[0].id")).longValue();

        // The same row again changes nothing and adds no second discrepancy.
        feeds.csv(token, "DISABILITY", "record_id,version,id_number,level,since\nT-" + r + ",1," + id + ",3,2026-01-01\n").statusCode(200)
                .body("rowsUnchanged", equalTo(1)).body("discrepancies", equalTo(0));

        String other = Fixtures.accessToken(fixtures.communityWorker(registry.newCommunity().communityId()));
        given().auth().oauth2(other).get("/api/discrepancies").then().statusCode(200).body("", hasSize(0));
        assertProblem(given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("keep", "FEED", "version", 0))
                .post("/api/discrepancies/" + d + "/resolve").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(other).get("/api/discrepancies?community=" + place.communityId()).then(), 403, "forbidden");

        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("keep", "COMMUNITY", "version", 5))
                .post("/api/discrepancies/" + d + "/resolve").then(), 409, "stale-version");
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("keep", "BOTH", "version", 0))
                .post("/api/discrepancies/" + d + "/resolve").then(), 422, "validation").body("errors[0].field", equalTo("keep"));
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("keep", "COMMUNITY", "version", 0))
                .post("/api/discrepancies/" + d + "/resolve").then().statusCode(200).body("status", equalTo("COMMUNITY_CONFIRMED"));
        var tag = fixtures.sql("SELECT level, source, confirmed_at > now() - interval '1 minute' FROM resident_tag WHERE resident_id = $1 AND until IS NULL", r)
                .iterator().next();
        assertEquals(2, tag.getInteger(0));
        assertEquals("COMMUNITY_SURVEY", tag.getString(1));
        assertEquals(true, tag.getBoolean(2));
    }

    @Test
    void aMoveInOverACommunitySurveyedAddressIsADiscrepancyAndResolvesToTheNewHome() {
        RegistryFixtures.Place place = registry.newCommunity();
        RegistryFixtures.Place elsewhere = registry.newCommunity();
        String id = RegistryFixtures.idNumber(LocalDate.of(1988, 8, 8), 'F');
        long r = resident(place, id);
        surveyed(r, "household", OffsetDateTime.parse("2026-11-01T10:00:00+08:00"));
        String token = feeds.department("PUBLIC_SECURITY");
        feeds.csv(token, "HOUSEHOLD_MOVE", "record_id,version,id_number,direction,move_date,community_code,compound,building,room\n"
                + "MV-" + r + ",1," + id + ",IN,2026-10-15," + feeds.communityCode(elsewhere.communityId()) + ",测试小区,8,808\n")
                .statusCode(200).body("discrepancies", equalTo(1));
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        long d = ((Number) given().auth().oauth2(worker).get("/api/discrepancies").then().statusCode(200)
                .body("[0].field", equalTo("household")).body("[0].feedValue", equalTo("测试小区8号楼808室"))
                .extract().path("[0].id")).longValue();
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("keep", "FEED", "version", 0))
                .post("/api/discrepancies/" + d + "/resolve").then().statusCode(200);
        var row = fixtures.sql("SELECT community_id, compound_id, address, household_id IS NOT NULL FROM resident WHERE id = $1", r).iterator().next();
        assertEquals(elsewhere.communityId(), row.getLong(0));
        assertEquals(elsewhere.compoundId(), row.getLong(1));
        assertEquals("测试小区8号楼808室", row.getString(2));
        assertEquals(true, row.getBoolean(3));
    }
}
