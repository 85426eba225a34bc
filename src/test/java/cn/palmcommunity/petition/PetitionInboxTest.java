package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.PetitionFixtures.act;
import static cn.palmcommunity.petition.PetitionFixtures.file;
import static cn.palmcommunity.petition.PetitionFixtures.inCommunity;
import static cn.palmcommunity.petition.PetitionFixtures.workerOf;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionInboxTest {

    @Inject
    Fixtures fixtures;

    @Test
    void tabsFollowThePetitionThroughItsLoop() {
        long id = file(Fixtures.residentToken(), inCommunity("GREENING", "草坪被车压坏", 70));
        String worker = workerOf(fixtures, 70);
        given().auth().oauth2(worker).queryParam("view", "UNACCEPTED").get("/api/petitions/inbox").then().statusCode(200)
                .body("items.id", hasItem((int) id)).body("items.status", everyItem(equalTo("SUBMITTED")));
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        given().auth().oauth2(worker).queryParam("view", "UNACCEPTED").get("/api/petitions/inbox").then()
                .body("items.id", not(hasItem((int) id)));
        given().auth().oauth2(worker).queryParam("view", "MINE").get("/api/petitions/inbox").then()
                .body("items.id", hasItem((int) id));
        given().auth().oauth2(workerOf(fixtures, 70)).queryParam("view", "MINE").get("/api/petitions/inbox").then()
                .body("items.id", not(hasItem((int) id)));
        act(worker, id, "resolve", Map.of("version", 1, "resultText", "已补种")).statusCode(200);
        given().auth().oauth2(worker).queryParam("view", "COMPLETED").get("/api/petitions/inbox").then()
                .body("items.id", hasItem((int) id));
        fixtures.sql("UPDATE petition SET overdue_since = now() WHERE id = $1", id);
        given().auth().oauth2(worker).queryParam("view", "OVERDUE").get("/api/petitions/inbox").then()
                .body("items.id", not(hasItem((int) id)));
    }

    @Test
    void theInboxIsScopedAndFiltered() {
        String resident = Fixtures.residentToken();
        long noise = file(resident, inCommunity("NOISE", "噪音", 71));
        long dirt = file(resident, inCommunity("SANITATION", "垃圾", 71));
        long elsewhere = file(resident, inCommunity("NOISE", "别处噪音", 72));
        String worker = workerOf(fixtures, 71);
        given().auth().oauth2(worker).queryParam("category", "NOISE").queryParam("limit", 100).get("/api/petitions/inbox").then()
                .statusCode(200).body("items.id", hasItem((int) noise)).body("items.id", not(hasItem((int) dirt)))
                .body("items.id", not(hasItem((int) elsewhere))).body("items.communityId", everyItem(equalTo(71)));
        given().auth().oauth2(worker).queryParam("community", 72).get("/api/petitions/inbox").then()
                .statusCode(200).body("items", org.hamcrest.Matchers.empty());
        String district = Fixtures.accessToken(fixtures.districtAdmin());
        given().auth().oauth2(district).queryParam("community", 72).queryParam("channel", "MINI_PROGRAM")
                .get("/api/petitions/inbox").then().body("items.id", hasItem((int) elsewhere));
        assertProblem(given().auth().oauth2(worker).queryParam("view", "SOON").get("/api/petitions/inbox").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("view"));
        assertProblem(given().auth().oauth2(worker).queryParam("from", "yesterday").get("/api/petitions/inbox").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("from"));
        assertProblem(given().auth().oauth2(resident).get("/api/petitions/inbox").then(), 403, "forbidden");
    }

    @Test
    void pagesWalkTheWholeInboxWithoutRepeats() {
        String resident = Fixtures.residentToken();
        for (int i = 0; i < 5; i++) {
            file(resident, inCommunity("OTHER", "第" + i + "件", 73));
        }
        String worker = workerOf(fixtures, 73);
        List<Integer> seen = new ArrayList<>();
        Object cursor = null;
        do {
            var request = given().auth().oauth2(worker).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/petitions/inbox").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.get("nextCursor");
        } while (cursor != null);
        assertEquals(fixtures.count("SELECT count(*) FROM petition WHERE community_id = 73"), seen.size());
        assertEquals(seen.size(), seen.stream().distinct().count());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) < seen.get(i - 1), "newest first");
        }
    }

    @Test
    void workersRecordPatrolFindings() {
        long grid = fixtures.firstGridOf(74);
        String gridWorker = Fixtures.accessToken(fixtures.staff("GRID_WORKER", null, null, 74L, grid, null));
        given().auth().oauth2(gridWorker).contentType(ContentType.JSON)
                .body(Map.of("channel", "GRID_PATROL", "categoryCode", "SAFETY_HAZARD", "text", "楼道堆放杂物堵塞消防通道",
                        "communityId", 74, "gridId", grid))
                .post("/api/petitions/entries").then().statusCode(201)
                .body("channel", equalTo("GRID_PATROL")).body("gridId", equalTo((int) grid)).body("status", equalTo("SUBMITTED"));
        assertProblem(given().auth().oauth2(gridWorker).contentType(ContentType.JSON)
                .body(Map.of("channel", "HOTLINE_12345", "categoryCode", "NOISE", "text", "x", "communityId", 74))
                .post("/api/petitions/entries").then(), 422, "validation").body("errors[0].field", equalTo("channel"));
        assertProblem(given().auth().oauth2(gridWorker).contentType(ContentType.JSON)
                .body(Map.of("channel", "SELF_CHECK", "categoryCode", "NOISE", "text", "x", "communityId", 75))
                .post("/api/petitions/entries").then(), 403, "forbidden");
        String worker = workerOf(fixtures, 74);
        assertProblem(given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("channel", "SELF_CHECK", "categoryCode", "NOISE", "text", "x", "communityId", 74,
                        "gridId", fixtures.firstGridOf(75)))
                .post("/api/petitions/entries").then(), 422, "validation").body("errors[0].field", equalTo("gridId"));
    }

    @Test
    void categoriesAreManagedByDistrictStaff() {
        given().get("/api/petition-categories").then().statusCode(200)
                .body("find { it.code == 'SAFETY_HAZARD' }.acceptWithinHours", equalTo(2));
        Map<String, Object> update = Map.of("nameZh", "电动车充电", "nameEn", "E-bike charging", "acceptWithinHours", 12,
                "resolveWithinWorkingDays", 3, "maxExtensionWorkingDays", 5, "visitWithinDays", 3, "active", true, "sortOrder", 85);
        given().auth().oauth2(Fixtures.accessToken(fixtures.districtAdmin())).contentType(ContentType.JSON).body(update)
                .put("/api/petition-categories/EBIKE_CHARGING").then().statusCode(200).body("acceptWithinHours", equalTo(12));
        long id = file(Fixtures.residentToken(), inCommunity("EBIKE_CHARGING", "楼道里有人给电动车充电", 76));
        assertEquals(12 * 3600, fixtures.count("SELECT extract(epoch FROM accept_due_at - submitted_at)::bigint FROM petition WHERE id = $1", id));
        assertProblem(given().auth().oauth2(workerOf(fixtures, 76)).contentType(ContentType.JSON).body(update)
                .put("/api/petition-categories/EBIKE_CHARGING").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.districtAdmin())).contentType(ContentType.JSON).body(update)
                .put("/api/petition-categories/bad code").then(), 422, "validation");
    }
}
