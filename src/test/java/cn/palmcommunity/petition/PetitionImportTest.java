package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PetitionImportTest {

    @Inject
    Fixtures fixtures;

    private static Map<String, Object> record(String externalId, String category, Long community) {
        Map<String, Object> r = new HashMap<>();
        r.put("externalId", externalId);
        r.put("receivedAt", "2026-11-20T08:45:00+08:00");
        r.put("text", "反映夜间噪音扰民");
        r.put("category", category);
        r.put("address", "合肥路17号");
        r.put("contactName", "王女士");
        r.put("contactPhone", "13800001234");
        if (community != null) {
            r.put("communityId", community);
        }
        return r;
    }

    @Test
    void aBatchIsImportedOnceWithCategoriesMappedAndBadRecordsReported() {
        String hotline = Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, "HOTLINE_12345"));
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> batch = Map.of("channel", "HOTLINE_12345", "records", List.of(
                record(prefix + "-1", "噪声污染", 90L),
                record(prefix + "-2", "从未见过的分类", 90L),
                record(prefix + "-3", "环境卫生", null)));
        given().auth().oauth2(hotline).contentType(ContentType.JSON).body(batch).post("/api/petitions/import")
                .then().statusCode(200)
                .body("created", equalTo(2)).body("rejected", equalTo(1))
                .body("results[0].categoryCode", equalTo("NOISE"))
                .body("results[1].categoryCode", equalTo("OTHER"))
                .body("results[2].outcome", equalTo("REJECTED"))
                .body("results[2].field", equalTo("communityId"));
        var row = fixtures.sql("SELECT channel, submitted_at, accept_due_at - submitted_at AS gap, reporter_id FROM petition WHERE external_id = $1",
                prefix + "-1").iterator().next();
        assertEquals("HOTLINE_12345", row.getString("channel"));
        assertEquals(java.time.OffsetDateTime.parse("2026-11-20T08:45:00+08:00").toInstant(), row.getOffsetDateTime("submitted_at").toInstant());

        given().auth().oauth2(hotline).contentType(ContentType.JSON).body(batch).post("/api/petitions/import")
                .then().statusCode(200).body("created", equalTo(0)).body("duplicates", equalTo(2));
        assertEquals(2, fixtures.count("SELECT count(*) FROM petition WHERE external_id LIKE $1", prefix + "%"));
    }

    @Test
    void onlyOtherPlatformsAndOnlyStaffWhoImport() {
        String hotline = Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, "HOTLINE_12345"));
        assertProblem(given().auth().oauth2(hotline).contentType(ContentType.JSON)
                .body(Map.of("channel", "MINI_PROGRAM", "records", List.of(record("x-1", "噪声污染", 90L))))
                .post("/api/petitions/import").then(), 422, "validation").body("errors[0].field", equalTo("channel"));
        assertProblem(given().auth().oauth2(hotline).contentType(ContentType.JSON)
                .body(Map.of("channel", "HOTLINE_12345", "records", List.of()))
                .post("/api/petitions/import").then(), 422, "validation").body("errors[0].field", equalTo("records"));
        Map<String, Object> noText = record("x-2", "噪声污染", 90L);
        noText.remove("text");
        assertProblem(given().auth().oauth2(hotline).contentType(ContentType.JSON)
                .body(Map.of("channel", "HOTLINE_12345", "records", List.of(noText)))
                .post("/api/petitions/import").then(), 422, "validation").body("errors[0].field", equalTo("records[0].text"));
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(90))).contentType(ContentType.JSON)
                .body(Map.of("channel", "HOTLINE_12345", "records", List.of(record("x-3", "噪声污染", 90L))))
                .post("/api/petitions/import").then(), 403, "forbidden");
    }
}
