package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resident reads the benefits found for their own linked record, and nobody else's. */
@QuarkusTest
class MyBenefitsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LeadWorklistFixtures leads;

    @Inject
    RegistryFixtures registry;

    /** A resident token whose account is linked (through the API) to a new resident of the place. */
    private String linkedResident(RegistryFixtures.Place place, String name, String phone, long[] residentOut) {
        String idNumber = RegistryFixtures.idNumber(LocalDate.of(1940, 3, 8), 'F');
        residentOut[0] = registry.resident(idNumber, name, place.communityId(), place.grid1(), null, phone, "LIVING");
        String token = Fixtures.residentToken();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("idNumber", idNumber, "name", name, "phone", phone))
                .post("/api/me/record/link").then().statusCode(200);
        return token;
    }

    @Test
    void aResidentSeesTheirOwnBenefitsOpenOnesFirstAndNotAnotherResidents() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy allowance = leads.policy("高龄津贴");
        LeadWorklistFixtures.TestPolicy meals = leads.policy("老年助餐补贴");
        LeadWorklistFixtures.TestPolicy gone = leads.policy("已停发补贴");
        fixtures.sql("UPDATE policy SET description = '年满80周岁按月领取' WHERE id = $1", allowance.id());
        long[] me = new long[1];
        long[] neighbour = new long[1];
        String myToken = linkedResident(place, "王秀英", "13912340001", me);
        String neighbourToken = linkedResident(place, "李桂兰", "13912340002", neighbour);
        long granted = leads.lead(me[0], meals);
        fixtures.sql("UPDATE eligibility_lead SET status = 'GRANTED', found_at = found_at - interval '1 day' WHERE id = $1", granted);
        long open = leads.lead(me[0], allowance);
        long closed = leads.lead(me[0], gone);
        fixtures.sql("UPDATE eligibility_lead SET status = 'CLOSED', closed_reason = 'NO_LONGER_QUALIFIES' WHERE id = $1", closed);
        long theirs = leads.lead(neighbour[0], allowance);

        JsonPath mine = given().auth().oauth2(myToken).get("/api/me/benefits").then().statusCode(200).extract().jsonPath();
        assertTrue(mine.getBoolean("linked"));
        // The open lead before the granted one; the closed one and the neighbour's are not there.
        assertEquals(List.of(open, granted), mine.getList("items.leadId", Long.class));
        Map<String, Object> first = mine.getMap("items[0]");
        assertEquals("高龄津贴", first.get("policyName"));
        assertEquals(allowance.code(), first.get("policyCode"));
        assertEquals("年满80周岁按月领取", first.get("description"));
        assertEquals("每月补贴", first.get("benefit"));
        assertEquals("区民政局", first.get("administeredBy"));
        assertEquals("您已年满80周岁，可申请高龄津贴，请携带身份证到社区办理", first.get("reminder"));
        assertEquals("NEW", first.get("status"));
        assertEquals("ONCE", first.get("cycleKey"));
        assertEquals(fixtures.sql("SELECT name FROM community WHERE id = $1", place.communityId()).iterator().next().getString(0),
                first.get("communityName"));
        assertNotNull(first.get("foundAt"));
        assertEquals("GRANTED", mine.getString("items[1].status"));
        // Nothing a worker wrote or read about the resident: no notes, facts, ID numbers or phones.
        assertEquals(java.util.Set.of("leadId", "policyCode", "policyName", "description", "benefit", "administeredBy", "reminder",
                "cycleKey", "status", "communityName", "foundAt", "updatedAt"), first.keySet());

        JsonPath theirsView = given().auth().oauth2(neighbourToken).get("/api/me/benefits").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(theirs), theirsView.getList("items.leadId", Long.class));

        // A worker's move shows to the resident.
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("status", "CONTACTED", "version", 0, "note", "已电话联系"))
                .post("/api/leads/" + open + "/status").then().statusCode(200);
        given().auth().oauth2(myToken).get("/api/me/benefits").then().statusCode(200)
                .body("items[0].leadId", equalTo((int) open)).body("items[0].status", equalTo("CONTACTED"));
    }

    @Test
    void anUnlinkedAccountHasNoBenefitsYetAndStaffAndStrangersAreTurnedAway() {
        JsonPath none = given().auth().oauth2(Fixtures.residentToken()).get("/api/me/benefits").then().statusCode(200).extract().jsonPath();
        assertFalse(none.getBoolean("linked"));
        assertEquals(List.of(), none.getList("items"));

        RegistryFixtures.Place place = leads.community();
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(place.communityId())))
                .get("/api/me/benefits").then(), 403, "forbidden");
        assertProblem(given().get("/api/me/benefits").then(), 401, "unauthorized");
    }
}
