package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.PetitionFixtures.act;
import static cn.palmcommunity.petition.PetitionFixtures.file;
import static cn.palmcommunity.petition.PetitionFixtures.inCommunity;
import static cn.palmcommunity.petition.PetitionFixtures.version;
import static cn.palmcommunity.petition.PetitionFixtures.workerOf;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionLifecycleTest {

    @Inject
    Fixtures fixtures;

    @Test
    void theWholeLoopFromFilingToClosing() {
        String resident = Fixtures.residentToken();
        long id = file(resident, inCommunity("PUBLIC_FACILITIES", "单元门禁坏了一周", 50));
        String worker = workerOf(fixtures, 50);
        long grid = fixtures.firstGridOf(50);

        act(worker, id, "accept", Map.of("version", 0, "note", "已受理")).statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("handlerId", notNullValue()).body("resolveDueAt", notNullValue())
                .body("version", equalTo(1));
        act(worker, id, "dispatch", Map.of("version", 1, "targetType", "GRID", "target", String.valueOf(grid))).statusCode(200)
                .body("status", equalTo("DISPATCHED")).body("gridId", equalTo((int) grid));
        String gridWorker = Fixtures.accessToken(fixtures.staff("GRID_WORKER", null, null, 50L, grid, null));
        act(gridWorker, id, "start", Map.of("version", 2)).statusCode(200).body("status", equalTo("IN_PROGRESS"));
        act(gridWorker, id, "resolve", Map.of("version", 3, "resultText", "已联系物业更换门禁")).statusCode(200)
                .body("status", equalTo("RESOLVED")).body("resultText", equalTo("已联系物业更换门禁"));

        given().auth().oauth2(resident).get("/api/petitions/mine/" + id).then().statusCode(200)
                .body("canRate", equalTo(true)).body("resultText", equalTo("已联系物业更换门禁"))
                .body("reopenUntil", notNullValue());
        given().auth().oauth2(resident).contentType(ContentType.JSON).body(Map.of("rating", 5, "comment", "很快"))
                .post("/api/petitions/mine/" + id + "/rating").then().statusCode(200)
                .body("status", equalTo("VISITED")).body("rating", equalTo(5)).body("canRate", equalTo(false));
        act(worker, id, "close", Map.of("version", version(worker, id))).statusCode(200).body("status", equalTo("CLOSED"))
                .body("timeline.action", contains("SUBMIT", "ACCEPT", "DISPATCH", "START", "RESOLVE", "VISIT", "CLOSE"))
                .body("timeline[1].note", equalTo("已受理"));
    }

    @Test
    void illegalTransitionsAre409AndChangeNothing() {
        long id = file(Fixtures.residentToken(), inCommunity("NOISE", "夜间装修", 51));
        String worker = workerOf(fixtures, 51);
        assertProblem(act(worker, id, "resolve", Map.of("version", 0, "resultText", "好了")), 409, "illegal-transition")
                .body("detail", equalTo("Cannot resolve petition " + id + ": it is SUBMITTED"));
        assertProblem(act(worker, id, "close", Map.of("version", 0)), 409, "illegal-transition");
        assertEquals(0, version(worker, id));
        assertEquals(1, fixtures.count("SELECT count(*) FROM petition_event WHERE petition_id = $1", id));
    }

    @Test
    void aStaleVersionLosesWith409() {
        long id = file(Fixtures.residentToken(), inCommunity("NOISE", "广场舞音响太大", 52));
        String worker = workerOf(fixtures, 52);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        act(worker, id, "dispatch", Map.of("version", 1, "targetType", "PROPERTY_COMPANY", "target", "海信物业")).statusCode(200);
        assertProblem(act(worker, id, "dispatch", Map.of("version", 1, "targetType", "DEPARTMENT", "target", "HEALTH")),
                409, "concurrent-update");
        given().auth().oauth2(worker).get("/api/petitions/" + id).then().body("dispatchTarget", equalTo("海信物业"));
    }

    @Test
    void twoWorkersAtOnceOneWins() {
        long id = file(Fixtures.residentToken(), inCommunity("SANITATION", "楼道里有死老鼠", 53));
        String first = workerOf(fixtures, 53);
        String second = workerOf(fixtures, 53);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> act(first, id, "accept", Map.of("version", 0)).extract().statusCode());
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> act(second, id, "accept", Map.of("version", 0)).extract().statusCode());
        List<Integer> statuses = List.of(a.join(), b.join());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, fixtures.count("SELECT count(*) FROM petition_event WHERE petition_id = $1 AND action = 'ACCEPT'", id));
    }

    @Test
    void reopeningWithinSevenDaysButNotAfter() {
        String resident = Fixtures.residentToken();
        long id = file(resident, inCommunity("PROPERTY_MANAGEMENT", "电梯经常停", 54));
        String worker = workerOf(fixtures, 54);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        act(worker, id, "resolve", Map.of("version", 1, "resultText", "已维修")).statusCode(200);
        given().auth().oauth2(resident).contentType(ContentType.JSON).body(Map.of("reason", "又坏了"))
                .post("/api/petitions/mine/" + id + "/reopen").then().statusCode(200).body("status", equalTo("ACCEPTED"));
        given().auth().oauth2(worker).get("/api/petitions/" + id).then().body("reopenCount", equalTo(1));

        act(worker, id, "resolve", Map.of("version", version(worker, id), "resultText", "更换了主板")).statusCode(200);
        fixtures.sql("UPDATE petition SET resolved_at = now() - interval '8 days' WHERE id = $1", id);
        assertProblem(given().auth().oauth2(resident).contentType(ContentType.JSON).body(Map.of("reason", "还是坏"))
                .post("/api/petitions/mine/" + id + "/reopen").then(), 409, "reopen-window-closed");
    }

    @Test
    void rejectingNeedsAReasonTheResidentReads() {
        String resident = Fixtures.residentToken();
        long id = file(resident, inCommunity("OTHER", "希望开通公交线路", 55));
        String worker = workerOf(fixtures, 55);
        assertProblem(act(worker, id, "reject", Map.of("version", 0)), 422, "validation").body("errors[0].field", equalTo("reason"));
        act(worker, id, "reject", Map.of("version", 0, "reason", "请拨打12345反映公交线路")).statusCode(200).body("status", equalTo("REJECTED"));
        given().auth().oauth2(resident).get("/api/petitions/mine/" + id).then()
                .body("status", equalTo("REJECTED")).body("timeline[1].note", equalTo("请拨打12345反映公交线路"));
    }

    @Test
    void mergingMakesTheReporterACoSigner() {
        String a = Fixtures.residentToken();
        String b = Fixtures.residentToken();
        long keep = file(a, inCommunity("NOISE", "工地夜间施工", 56));
        long duplicate = file(b, inCommunity("NOISE", "工地晚上还在施工", 56));
        String worker = workerOf(fixtures, 56);
        act(worker, duplicate, "merge", Map.of("version", 0, "intoId", keep)).statusCode(200)
                .body("status", equalTo("MERGED")).body("mergedInto", equalTo((int) keep));
        given().auth().oauth2(b).get("/api/petitions/mine/" + keep).then().statusCode(200).body("reporter", equalTo(false));
        given().auth().oauth2(b).get("/api/petitions/mine/" + duplicate).then().statusCode(200).body("mergedInto", equalTo((int) keep));
        assertProblem(act(worker, keep, "merge", Map.of("version", 0, "intoId", keep)), 422, "validation")
                .body("errors[0].field", equalTo("intoId"));
        long elsewhere = file(a, inCommunity("NOISE", "别的社区", 57));
        long third = file(b, inCommunity("NOISE", "工地噪音", 56));
        assertProblem(act(worker, third, "merge", Map.of("version", 0, "intoId", elsewhere)), 422, "validation")
                .body("errors[0].field", equalTo("intoId"));
    }

    @Test
    void extendingOnceWithinTheCategoryLimit() {
        long id = file(Fixtures.residentToken(), inCommunity("PUBLIC_FACILITIES", "路灯不亮", 58));
        String worker = workerOf(fixtures, 58);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        assertProblem(act(worker, id, "extend", Map.of("version", 1, "workingDays", 11, "reason", "等待配件")), 422, "validation")
                .body("errors[0].field", equalTo("workingDays"));
        String before = given().auth().oauth2(worker).get("/api/petitions/" + id).then().extract().path("resolveDueAt");
        act(worker, id, "extend", Map.of("version", 1, "workingDays", 5, "reason", "等待配件")).statusCode(200)
                .body("resolveDueAt", not(equalTo(before)));
        assertProblem(act(worker, id, "extend", Map.of("version", 2, "workingDays", 1, "reason", "再等等")), 409, "already-extended");
    }

    @Test
    void urgingComesFromAboveAndSupervisionFromStreetOrDistrict() {
        long id = file(Fixtures.residentToken(), inCommunity("SANITATION", "垃圾清运不及时", 2));
        String street = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, 1L, null, null, null));
        act(street, id, "urge", Map.of("note", "请今天处理")).statusCode(200).body("urgeCount", equalTo(1))
                .body("version", equalTo(0));
        act(street, id, "supervise", Map.of()).statusCode(200).body("supervised", equalTo(true));
        String gridWorker = Fixtures.accessToken(fixtures.staff("GRID_WORKER", null, null, 2L, fixtures.firstGridOf(2), null));
        assertProblem(act(gridWorker, id, "urge", Map.of()), 403, "forbidden");
        assertProblem(act(workerOf(fixtures, 2), id, "supervise", Map.of()), 403, "forbidden");
    }

    @Test
    void workersActOnlyInsideTheirScope() {
        long id = file(Fixtures.residentToken(), inCommunity("NOISE", "邻居养狗叫", 59));
        assertProblem(act(workerOf(fixtures, 60), id, "accept", Map.of("version", 0)), 403, "forbidden");
        assertProblem(given().auth().oauth2(workerOf(fixtures, 60)).get("/api/petitions/" + id).then(), 403, "forbidden");
        String health = Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, "HEALTH"));
        assertProblem(given().auth().oauth2(health).get("/api/petitions/" + id).then(), 403, "forbidden");
        String worker = workerOf(fixtures, 59);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        act(worker, id, "dispatch", Map.of("version", 1, "targetType", "DEPARTMENT", "target", "HEALTH")).statusCode(200);
        given().auth().oauth2(health).get("/api/petitions/" + id).then().statusCode(200);
        act(health, id, "start", Map.of("version", 2)).statusCode(200).body("status", equalTo("IN_PROGRESS"));
        assertProblem(act(health, id, "reject", Map.of("version", 3, "reason", "no")), 403, "forbidden");
        assertProblem(act(worker, id, "dispatch", Map.of("version", 3, "targetType", "DEPARTMENT", "target", "MAGIC")), 422, "validation")
                .body("errors[0].field", equalTo("target"));
    }

    @Test
    void internalNotesStayOffTheResidentsTimeline() {
        String resident = Fixtures.residentToken();
        long id = file(resident, inCommunity("NOISE", "楼上跳绳", 61));
        fixtures.sql("""
                INSERT INTO petition_event (petition_id, actor_role, action, note, internal)
                VALUES ($1, 'COMMUNITY_WORKER', 'NOTE', '该户有多次投诉记录', true)""", id);
        given().auth().oauth2(resident).get("/api/petitions/mine/" + id).then().statusCode(200)
                .body("timeline.note", not(hasItem("该户有多次投诉记录")));
        given().auth().oauth2(workerOf(fixtures, 61)).get("/api/petitions/" + id).then().statusCode(200)
                .body("timeline.note", hasItem("该户有多次投诉记录"));
    }
}
