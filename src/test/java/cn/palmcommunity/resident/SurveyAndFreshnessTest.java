package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Community survey updates from visits, and the freshness of each community's records (the data-maintenance rule). */
@QuarkusTest
class SurveyAndFreshnessTest {

    static final Instant NOW = Instant.parse("2027-06-01T02:00:00Z");

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    @BeforeEach
    void fixTime() {
        QuarkusMock.installMockForType(Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")), Clock.class);
    }

    private long resident(RegistryFixtures.Place place, OffsetDateTime confirmed) {
        long id = registry.resident(RegistryFixtures.idNumber(LocalDate.of(1950, 1, 1), 'F'), "走访对象", place.communityId(), place.grid1(),
                place.compoundId(), "13800003333", "LIVING");
        fixtures.sql("UPDATE resident SET confirmed_at = $2 WHERE id = $1", id, confirmed);
        return id;
    }

    @Test
    void aVisitUpdatesValuesWithSurveyProvenanceAndConfirmsTheRecord() {
        RegistryFixtures.Place place = registry.newCommunity();
        long r = resident(place, OffsetDateTime.parse("2025-01-01T00:00:00+08:00"));
        String username = fixtures.communityWorker(place.communityId());
        String worker = Fixtures.accessToken(username);
        long visit = ((Number) given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("phone", "13911112222", "note", "上门走访",
                        "home", Map.of("compoundId", place.compoundId(), "building", "5", "unit", "1", "room", "102"),
                        "tags", List.of(Map.of("code", "DISABILITY", "holds", true, "level", 3), Map.of("code", "LOW_INCOME", "holds", false))))
                .post("/api/residents/" + r + "/survey").then().statusCode(200)
                .body("residentId", equalTo((int) r))
                .body("recorded", contains("phone", "household", "tag:DISABILITY", "tag:LOW_INCOME"))
                .extract().path("visitId")).longValue();
        var row = fixtures.sql("SELECT phone, address, confirmed_at FROM resident WHERE id = $1", r).iterator().next();
        assertEquals("13911112222", row.getString(0));
        assertEquals("测试小区5号楼1单元102室", row.getString(1));
        assertEquals(NOW, row.getOffsetDateTime(2).toInstant());
        var prov = fixtures.sql("SELECT source, entered_by, visit_id FROM resident_value WHERE resident_id = $1 AND field = 'phone'", r)
                .iterator().next();
        assertEquals("COMMUNITY_SURVEY", prov.getString(0));
        assertEquals(fixtures.accountId(username), prov.getLong(1));
        assertEquals(visit, prov.getLong(2));
        assertEquals(3, fixtures.count("SELECT level FROM resident_tag WHERE resident_id = $1 AND tag_code = 'DISABILITY' AND until IS NULL", r));
        assertEquals(1, fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'SURVEY_UPDATE' AND subject_id = $1", r));

        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("livingStatus", "GONE"))
                .post("/api/residents/" + r + "/survey").then(), 422, "validation").body("errors[0].field", equalTo("livingStatus"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(Map.of("code", "DISABILITY", "holds", true))))
                .post("/api/residents/" + r + "/survey").then(), 422, "validation").body("errors[0].field", equalTo("tags[0].level"));
        String other = Fixtures.accessToken(fixtures.communityWorker(registry.newCommunity().communityId()));
        assertProblem(given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of())
                .post("/api/residents/" + r + "/survey").then(), 403, "forbidden");
    }

    @Test
    void freshnessShowsTheAgeOfEachCommunitysRecordsAndTheJobListsTheOverdue() {
        RegistryFixtures.Place place = registry.newCommunity();
        long old = resident(place, OffsetDateTime.parse("2026-01-01T00:00:00+08:00"));
        long older = resident(place, OffsetDateTime.parse("2025-06-01T00:00:00+08:00"));
        resident(place, OffsetDateTime.parse("2027-05-01T00:00:00+08:00"));
        long gone = resident(place, OffsetDateTime.parse("2020-01-01T00:00:00+08:00"));
        fixtures.sql("UPDATE resident SET living_status = 'DECEASED' WHERE id = $1", gone);
        String username = fixtures.communityWorker(place.communityId());
        String worker = Fixtures.accessToken(username);
        given().auth().oauth2(worker).get("/api/residents/freshness").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].communityId", equalTo((int) place.communityId()))
                .body("[0].residents", equalTo(3))
                .body("[0].stale", equalTo(2))
                .body("[0].medianAgeDays", equalTo(516))
                .body("[0].oldestConfirmedAt", equalTo("2025-05-31T16:00:00Z"));
        given().auth().oauth2(worker).get("/api/residents/freshness/" + place.communityId() + "/stale").then().statusCode(200)
                .body("residentId", contains((int) older, (int) old))
                .body("[0].ageDays", equalTo(730));
        String other = Fixtures.accessToken(fixtures.communityWorker(registry.newCommunity().communityId()));
        assertProblem(given().auth().oauth2(other).get("/api/residents/freshness/" + place.communityId() + "/stale").then(), 403, "forbidden");

        var result = new FreshnessRun().run();
        assertEquals(LocalDate.of(2027, 6, 1), result.day());
        given().auth().oauth2(worker).get("/api/residents/freshness/checks").then().statusCode(200)
                .body("", hasSize(1)).body("[0].stale", equalTo(2)).body("[0].checkedOn", equalTo("2027-06-01"));
        long account = fixtures.accountId(username);
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1 AND kind = 'DATA_FRESHNESS'", account));
        new FreshnessRun().run();
        assertEquals(1, fixtures.count("SELECT count(*) FROM notification WHERE account_id = $1 AND kind = 'DATA_FRESHNESS'", account),
                "once per worker and day");
        assertEquals(true, fixtures.count("SELECT count(*) FROM job_run WHERE job = 'resident-freshness' AND outcome = 'SUCCEEDED'") >= 2);
    }

    @Inject
    FreshnessJob job;

    private final class FreshnessRun {
        Freshness.Checked run() {
            return job.runOnce().await().atMost(java.time.Duration.ofSeconds(60)).orElseThrow();
        }
    }
}
