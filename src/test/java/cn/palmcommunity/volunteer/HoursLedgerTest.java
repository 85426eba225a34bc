package cn.palmcommunity.volunteer;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static cn.palmcommunity.volunteer.VolunteerFixtures.person;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time bank: append-only, corrections with reasons, balance, printable certificate; community 130. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class HoursLedgerTest {

    static final long COMMUNITY = 130;

    @Inject
    Fixtures fixtures;

    @Test
    void correctionsAreNewEntriesWithReasonsAndTheLedgerCannotBeEdited() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        long person = person(fixtures, COMMUNITY, VolunteerFixtures.centre(fixtures, COMMUNITY), null, 40);
        String token = VolunteerFixtures.selfToken(fixtures, person);
        String corrections = "/api/volunteers/" + person + "/hours/corrections";

        long added = ((Number) given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("minutes", 150, "reason", "补录十月份助老服务", "servedOn", "2026-10-08"))
                .post(corrections).then().statusCode(201)
                .body("kind", equalTo("CORRECTION")).body("minutes", equalTo(150)).body("servedOn", equalTo("2026-10-08"))
                .extract().path("id")).longValue();
        given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("minutes", -30, "reason", "签退时间登记错误<核减>", "correctsEntryId", added))
                .post(corrections).then().statusCode(201)
                .body("correctsEntryId", equalTo((int) added)).body("servedOn", equalTo("2026-10-08"));

        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("minutes", 30)).post(corrections).then(),
                422, "validation").body("errors[0].field", equalTo("reason"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("minutes", 0, "reason", "测试")).post(corrections).then(),
                422, "validation").body("errors[0].field", equalTo("minutes"));
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON)
                        .body(Map.of("minutes", 10, "reason", "测试", "correctsEntryId", 987654321)).post(corrections).then(),
                422, "validation").body("errors[0].field", equalTo("correctsEntryId"));
        assertProblem(given().auth().oauth2(VolunteerFixtures.worker(fixtures, 129)).contentType(ContentType.JSON)
                .body(Map.of("minutes", 10, "reason", "测试")).post(corrections).then(), 404, "not-found");

        given().auth().oauth2(worker).get("/api/volunteers/" + person + "/hours").then().statusCode(200)
                .body("balanceMinutes", equalTo(120)).body("balanceHours", equalTo(2.0f))
                .body("entries.size()", equalTo(2)).body("entries[1].reason", equalTo("签退时间登记错误<核减>"));
        given().auth().oauth2(token).get("/api/volunteers/me/hours").then().statusCode(200).body("balanceMinutes", equalTo(120));

        // Not even the application can edit or remove an entry.
        RuntimeException update = assertThrows(RuntimeException.class,
                () -> fixtures.sql("UPDATE service_hours_entry SET minutes = 999 WHERE id = $1", added));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        assertThrows(RuntimeException.class, () -> fixtures.sql("DELETE FROM service_hours_entry WHERE id = $1", added));
        assertEquals(150, fixtures.count("SELECT minutes FROM service_hours_entry WHERE id = $1", added));
    }

    @Test
    void theCertificateIsAPrintablePage() {
        String worker = VolunteerFixtures.worker(fixtures, COMMUNITY);
        long person = person(fixtures, COMMUNITY, VolunteerFixtures.centre(fixtures, COMMUNITY), null, 40);
        fixtures.sql("UPDATE volunteer SET name = '李<红>' WHERE id = $1", person);
        String token = VolunteerFixtures.selfToken(fixtures, person);
        fixtures.sql("INSERT INTO service_hours_entry (volunteer_id, kind, minutes, reason, served_on) VALUES ($1, 'CORRECTION', 270, '补录义诊服务', $2)",
                person, LocalDate.of(2026, 9, 1));

        for (String path : new String[] {"/api/volunteers/" + person + "/hours/certificate", null}) {
            var response = path == null ? given().auth().oauth2(token).get("/api/volunteers/me/hours/certificate")
                    : given().auth().oauth2(worker).get(path);
            String html = response.then().statusCode(200).contentType(containsString("text/html")).extract().asString();
            assertTrue(html.startsWith("<!DOCTYPE html>"), html);
            assertTrue(html.contains("志愿服务时长证明"));
            assertTrue(html.contains("李&lt;红&gt;"), "names are escaped");
            assertTrue(html.contains("4.5 小时"), html);
            assertTrue(html.contains("2026-09-01"));
            assertTrue(html.contains("@media print"));
        }
        given().auth().oauth2(worker).get("/api/volunteers/" + person + "/hours/certificate").then().body(not(containsString("<script")));
    }
}
