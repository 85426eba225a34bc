package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's worklist: scope, filters, paging, status moves with their history, conflicts, and masking. */
@QuarkusTest
class LeadWorklistTest {

    static final Instant NOW = Instant.parse("2026-11-24T02:30:00Z");

    @Inject
    Fixtures fixtures;

    @Inject
    LeadWorklistFixtures leads;

    @BeforeEach
    void fixTime() {
        QuarkusMock.installMockForType(Clock.fixed(NOW, ZoneOffset.UTC), Clock.class);
    }

    private static ValidatableResponse move(String token, long lead, String status, Integer version, String note) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("status", status);
        body.put("version", version);
        body.put("note", note);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/leads/" + lead + "/status").then();
    }

    @Test
    void aWorkerSeesTheLeadsOfTheirCommunityOnlyWithFullPhonesAndMaskedIdNumbers() {
        RegistryFixtures.Place mine = leads.community();
        RegistryFixtures.Place other = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        long lead = leads.lead(leads.resident(mine, "王秀英", "13912345678"), policy);
        leads.lead(leads.resident(other, "李桂兰", "13900000000"), policy);
        String worker = Fixtures.accessToken(fixtures.communityWorker(mine.communityId()));

        JsonPath page = given().auth().oauth2(worker).queryParam("policyId", policy.id()).get("/api/leads")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(lead), page.getList("items.id", Long.class));
        assertEquals("王秀英", page.getString("items[0].residentName"));
        assertEquals("13912345678", page.getString("items[0].phone"), "community workers phone residents");
        assertTrue(page.getString("items[0].idNumberMasked").matches("51\\d\\*{11}\\d{3}[0-9X]"), page.getString("items[0].idNumberMasked"));
        assertEquals("NEW", page.getString("items[0].status"));
        assertEquals(policy.code(), page.getString("items[0].policyCode"));
        assertEquals(86, page.getInt("items[0].facts.age.value"));
        assertEquals("请核实老人居住情况并协助申请高龄津贴", page.getString("items[0].workerReminder"));
        assertNull(page.get("nextCursor"));

        // The district sees both, phones masked.
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        JsonPath all = given().auth().oauth2(admin).queryParam("policyId", policy.id()).get("/api/leads")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(2, all.getList("items").size());
        assertEquals("139****5678", all.getString("items[0].phone"));
    }

    @Test
    void anotherCommunitysWorkerGets404ForTheLeadAnd403ForTheCommunity() {
        RegistryFixtures.Place mine = leads.community();
        RegistryFixtures.Place other = leads.community();
        long lead = leads.lead(leads.resident(mine, "王秀英", "13912345678"), leads.policy("高龄津贴"));
        String stranger = Fixtures.accessToken(fixtures.communityWorker(other.communityId()));

        assertProblem(given().auth().oauth2(stranger).get("/api/leads/" + lead).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(stranger).get("/api/leads/" + lead + "/history").then(), 404, "not-found");
        assertProblem(move(stranger, lead, "CONTACTED", 0, null), 404, "not-found");
        assertProblem(given().auth().oauth2(stranger).queryParam("communityId", mine.communityId()).get("/api/leads").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(stranger).queryParam("communityId", mine.communityId()).get("/api/leads/counts").then(),
                403, "forbidden");
        assertEquals("NEW", leads.status(lead));
        // Residents have no worklist.
        given().auth().oauth2(Fixtures.residentToken()).get("/api/leads").then().statusCode(403);
    }

    @Test
    void gridWorkersSeeOnlyTheirGrid() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        long inGrid1 = leads.lead(leads.resident(place, "甲", "13911111111"), policy);
        leads.lead(leads.residentInGrid2(place, "乙", "13922222222"), policy);
        String gridWorker = Fixtures.accessToken(fixtures.staff("GRID_WORKER", null, null, place.communityId(), place.grid1(), null));
        given().auth().oauth2(gridWorker).queryParam("policyId", policy.id()).get("/api/leads")
                .then().statusCode(200).body("items.id", contains((int) inGrid1));
    }

    @Test
    void filtersAndCursorPagesWalkTheWholeListOnce() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy allowance = leads.policy("高龄津贴");
        LeadWorklistFixtures.TestPolicy canteen = leads.policy("助餐补贴");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long resident = leads.resident(place, "居民" + i, "1390000000" + i);
            expected.add(leads.lead(resident, allowance));
            leads.lead(resident, canteen);
        }
        fixtures.sql("UPDATE eligibility_lead SET status = 'CONTACTED' WHERE id = $1", expected.get(4));
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(worker).queryParam("policyId", allowance.id()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/leads").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(expected, seen);

        given().auth().oauth2(worker).queryParam("policyId", allowance.id()).queryParam("status", "CONTACTED").get("/api/leads")
                .then().statusCode(200).body("items.id", contains(expected.get(4).intValue()));
        given().auth().oauth2(worker).queryParam("communityId", place.communityId()).queryParam("policyId", canteen.id()).get("/api/leads")
                .then().statusCode(200).body("items.size()", equalTo(5));

        assertProblem(given().auth().oauth2(worker).queryParam("status", "WAITING").get("/api/leads").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("status"));
        assertProblem(given().auth().oauth2(worker).queryParam("limit", 0).get("/api/leads").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("limit"));
        assertProblem(given().auth().oauth2(worker).queryParam("cursor", "abc").get("/api/leads").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aLeadMovesNewContactedAppliedGrantedWithHistoryAndAuditAndThenIsFinal() {
        RegistryFixtures.Place place = leads.community();
        long lead = leads.lead(leads.resident(place, "王秀英", "13912345678"), leads.policy("高龄津贴"));
        String username = fixtures.communityWorker(place.communityId());
        String worker = Fixtures.accessToken(username);

        move(worker, lead, "CONTACTED", 0, "电话联系老人女儿").statusCode(200)
                .body("status", equalTo("CONTACTED")).body("version", equalTo(1)).body("updatedAt", equalTo("2026-11-24T02:30:00Z"));
        move(worker, lead, "APPLIED", 1, null).statusCode(200).body("status", equalTo("APPLIED"));
        move(worker, lead, "GRANTED", 2, "已发放").statusCode(200).body("status", equalTo("GRANTED")).body("version", equalTo(3));

        JsonPath history = given().auth().oauth2(worker).get("/api/leads/" + lead + "/history").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("NEW", "CONTACTED", "APPLIED"), history.getList("fromStatus"));
        assertEquals(List.of("CONTACTED", "APPLIED", "GRANTED"), history.getList("toStatus"));
        assertEquals("电话联系老人女儿", history.getString("[0].note"));
        assertNull(history.get("[1].note"));
        assertEquals(fixtures.accountId(username), history.getLong("[0].actorId"));
        assertEquals("2026-11-24T02:30:00Z", history.getString("[2].at"));

        List<String> actions = new ArrayList<>();
        for (Row row : fixtures.sql("""
                SELECT action, purpose, community_id FROM audit_log WHERE subject_type = 'ELIGIBILITY_LEAD' AND subject_id = $1 ORDER BY id""", lead)) {
            actions.add(row.getString("action"));
            assertEquals(place.communityId(), row.getLong("community_id"));
        }
        assertEquals(List.of("LEAD_CONTACTED", "LEAD_APPLIED", "LEAD_GRANTED"), actions);

        assertProblem(move(worker, lead, "DECLINED", 3, "不想要了"), 409, "illegal-transition")
                .body("detail", containsString("final"));
        assertEquals(3, fixtures.count("SELECT count(*) FROM eligibility_lead_event WHERE lead_id = $1", lead));
    }

    @Test
    void illegalMovesStaleVersionsAndBadBodiesAreRefusedWithNothingStored() {
        RegistryFixtures.Place place = leads.community();
        long lead = leads.lead(leads.resident(place, "王秀英", "13912345678"), leads.policy("高龄津贴"));
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));

        assertProblem(move(worker, lead, "GRANTED", 0, null), 409, "illegal-transition")
                .body("detail", containsString("NEW and cannot become GRANTED"));
        assertProblem(move(worker, lead, "CLOSED", 0, null), 422, "validation").body("errors[0].field", equalTo("status"));
        assertProblem(move(worker, lead, "MAYBE", 0, null), 422, "validation").body("errors[0].field", equalTo("status"));
        assertProblem(move(worker, lead, "CONTACTED", null, null), 422, "validation").body("errors[0].field", equalTo("version"));
        assertProblem(move(worker, lead, "DECLINED", 0, "  "), 422, "validation").body("errors[0].field", equalTo("note"));
        assertProblem(move(worker, lead, "CONTACTED", 0, "长".repeat(1001)), 422, "validation").body("errors[0].field", equalTo("note"));
        assertEquals("NEW", leads.status(lead));

        // Two workers saw version 0; the second one's change is refused.
        move(worker, lead, "CONTACTED", 0, "我来跟进").statusCode(200);
        String colleague = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        assertProblem(move(colleague, lead, "NOT_ELIGIBLE", 0, "户籍不在本区"), 409, "stale-version")
                .body("detail", containsString("version 1"));
        assertEquals("CONTACTED", leads.status(lead));
        assertEquals(1, fixtures.count("SELECT count(*) FROM eligibility_lead_event WHERE lead_id = $1", lead));
        assertEquals(1, fixtures.count("SELECT count(*) FROM audit_log WHERE subject_type = 'ELIGIBILITY_LEAD' AND subject_id = $1", lead));

        assertProblem(move(worker, lead + 1_000_000, "CONTACTED", 0, null), 404, "not-found");
    }

    @Test
    void concurrentChangesAtTheSameVersionLetExactlyOneThrough() throws Exception {
        RegistryFixtures.Place place = leads.community();
        long lead = leads.lead(leads.resident(place, "王秀英", "13912345678"), leads.policy("高龄津贴"));
        String a = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        String b = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> move(a, lead, "CONTACTED", 0, "甲").extract().statusCode());
            var second = pool.submit(() -> move(b, lead, "APPLIED", 0, "乙").extract().statusCode());
            List<Integer> codes = new ArrayList<>(List.of(first.get(), second.get()));
            codes.sort(null);
            assertEquals(List.of(200, 409), codes);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, fixtures.count("SELECT version FROM eligibility_lead WHERE id = $1", lead));
        assertEquals(1, fixtures.count("SELECT count(*) FROM eligibility_lead_event WHERE lead_id = $1", lead));
    }

    @Test
    void countsShowCoveragePerPolicyAndCommunity() {
        RegistryFixtures.Place place = leads.community();
        RegistryFixtures.Place other = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(leads.lead(leads.resident(place, "居民" + i, null), policy));
        }
        leads.lead(leads.resident(other, "外社区", null), policy);
        fixtures.sql("UPDATE eligibility_lead SET status = 'GRANTED' WHERE id = ANY($1)", (Object) new Long[] {ids.get(0), ids.get(1)});
        fixtures.sql("UPDATE eligibility_lead SET status = 'CONTACTED' WHERE id = $1", ids.get(2));
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));

        JsonPath counts = given().auth().oauth2(worker).queryParam("policyId", policy.id()).get("/api/leads/counts")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, counts.getList("rows").size(), "the other community is outside the worker's scope");
        assertEquals(place.communityId(), counts.getLong("rows[0].communityId"));
        assertEquals("高龄津贴", counts.getString("rows[0].policyName"));
        assertEquals(4, counts.getLong("rows[0].total"));
        assertEquals(Map.of("NEW", 1, "CONTACTED", 1, "APPLIED", 0, "GRANTED", 2, "DECLINED", 0, "NOT_ELIGIBLE", 0, "CLOSED", 0),
                counts.getMap("rows[0].byStatus"));
        assertEquals(0.5, counts.getDouble("rows[0].grantedShare"), 1e-9);

        JsonPath district = given().auth().oauth2(Fixtures.accessToken(fixtures.districtAdmin())).queryParam("policyId", policy.id())
                .get("/api/leads/counts").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(place.communityId(), other.communityId()), district.getList("rows.communityId", Long.class));
        assertEquals(0.0, district.getDouble("rows[1].grantedShare"), 1e-9);
    }

    @Test
    void theWorklistOfAnotherCommunityIsEmptyNotAnError() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        leads.lead(leads.resident(place, "王秀英", null), policy);
        String stranger = Fixtures.accessToken(fixtures.communityWorker(leads.community().communityId()));
        given().auth().oauth2(stranger).queryParam("policyId", policy.id()).get("/api/leads")
                .then().statusCode(200).body("items.size()", equalTo(0)).body("nextCursor", nullValue());
    }
}
