package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading a full record: only inside the scope, always with a purpose, always logged. */
@QuarkusTest
class ResidentRecordTest {

    @Inject
    Fixtures fixtures;

    private long auditRows(long residentId) {
        return fixtures.count("SELECT count(*) FROM audit_log WHERE subject_type = 'RESIDENT' AND subject_id = $1", residentId);
    }

    @Test
    void aWorkerReadsTheirResidentAndTheReadIsLogged() {
        long resident = fixtures.resident(10, fixtures.firstGridOf(10));
        String worker = fixtures.communityWorker(10);
        given().auth().oauth2(Fixtures.accessToken(worker))
                .queryParam("purpose", "  home visit ")
                .get("/api/residents/" + resident)
                .then().statusCode(200)
                .body("id", equalTo((int) resident))
                .body("name", equalTo("测试居民"))
                .body("idNumberMasked", matchesPattern("370\\*{11}\\d{3}[0-9X]"))
                .body("phoneMasked", equalTo("138****1234"))
                .body("birthDate", equalTo("1950-01-01"))
                .body("sex", equalTo("M"))
                .body("communityId", equalTo(10));
        var row = fixtures.sql("""
                SELECT actor_id, actor_role, action, purpose, community_id FROM audit_log
                 WHERE subject_type = 'RESIDENT' AND subject_id = $1""", resident).iterator().next();
        assertEquals(fixtures.accountId(worker), row.getLong("actor_id"));
        assertEquals("COMMUNITY_WORKER", row.getString("actor_role"));
        assertEquals("READ_FULL_RECORD", row.getString("action"));
        assertEquals("home visit", row.getString("purpose"));
        assertEquals(10L, row.getLong("community_id"));
    }

    @Test
    void theAuditLogCannotBeRewritten() {
        long resident = fixtures.resident(10, null);
        given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(10))).queryParam("purpose", "visit")
                .get("/api/residents/" + resident).then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> fixtures.sql("UPDATE audit_log SET purpose = 'nothing' WHERE subject_id = $1", resident));
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> fixtures.sql("DELETE FROM audit_log WHERE subject_id = $1", resident));
        assertEquals(1, auditRows(resident));
    }

    @Test
    void noPurposeNoRecordAndNothingLogged() {
        long resident = fixtures.resident(10, null);
        String token = Fixtures.accessToken(fixtures.communityWorker(10));
        assertProblem(given().auth().oauth2(token).get("/api/residents/" + resident).then(), 422, "validation")
                .body("errors[0].field", equalTo("purpose"));
        assertProblem(given().auth().oauth2(token).queryParam("purpose", "x").get("/api/residents/" + resident).then(), 422, "validation")
                .body("errors[0].field", equalTo("purpose"));
        assertEquals(0, auditRows(resident));
    }

    @Test
    void anotherCommunitysWorkerIsRefusedAndNothingIsLogged() {
        long resident = fixtures.resident(11, null);
        String token = Fixtures.accessToken(fixtures.communityWorker(12));
        assertProblem(given().auth().oauth2(token).queryParam("purpose", "curious").get("/api/residents/" + resident).then(),
                403, "forbidden");
        assertEquals(0, auditRows(resident));
    }

    @Test
    void gridWorkersSeeOnlyTheirGrid() {
        long inGrid = fixtures.resident(13, fixtures.firstGridOf(13));
        long otherGrid = fixtures.resident(13, fixtures.otherGridOf(13));
        String gridWorker = fixtures.staff("GRID_WORKER", null, null, 13L, fixtures.firstGridOf(13), null);
        String token = Fixtures.accessToken(gridWorker);
        given().auth().oauth2(token).queryParam("purpose", "patrol").get("/api/residents/" + inGrid).then().statusCode(200);
        assertProblem(given().auth().oauth2(token).queryParam("purpose", "patrol").get("/api/residents/" + otherGrid).then(),
                403, "forbidden");
    }

    @Test
    void departmentsSeeOnlyTheFieldsAndTagsOfTheirBusiness() {
        long resident = fixtures.resident(10, null);
        fixtures.sql("""
                INSERT INTO resident_tag (resident_id, tag_code, since, source) VALUES
                    ($1, 'LOW_INCOME', DATE '2024-01-01', 'DEPARTMENT_FEED'),
                    ($1, 'AGED_LIVING_ALONE', DATE '2023-01-01', 'COMMUNITY_SURVEY'),
                    ($1, 'PARTY_MEMBER', DATE '1980-07-01', 'COMMUNITY_SURVEY')""", resident);
        String civil = Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, "CIVIL_AFFAIRS"));
        given().auth().oauth2(civil).queryParam("purpose", "low-income review")
                .get("/api/residents/" + resident).then().statusCode(200)
                .body("tags.code", contains("AGED_LIVING_ALONE", "LOW_INCOME"))
                .body("address", equalTo("测试路1号"))
                .body("phoneMasked", equalTo("138****1234"))
                .body("phone", nullValue());
        String education = Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, "EDUCATION"));
        given().auth().oauth2(education).queryParam("purpose", "school places")
                .get("/api/residents/" + resident).then().statusCode(200)
                .body("tags", empty())
                .body("address", nullValue())
                .body("phoneMasked", nullValue())
                .body("name", equalTo("测试居民"));
        // Community workers phone residents: they see the whole number and every tag.
        given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(10))).queryParam("purpose", "home visit")
                .get("/api/residents/" + resident).then().statusCode(200)
                .body("phone", equalTo("13800001234"))
                .body("tags.code", contains("AGED_LIVING_ALONE", "LOW_INCOME", "PARTY_MEMBER"));
        assertEquals(3, auditRows(resident));
    }

    @Test
    void unknownResidentIs404() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(token).queryParam("purpose", "check").get("/api/residents/987654321").then(),
                404, "not-found");
    }
}
