package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.PetitionFixtures.act;
import static cn.palmcommunity.petition.PetitionFixtures.file;
import static cn.palmcommunity.petition.PetitionFixtures.inCommunity;
import static cn.palmcommunity.petition.PetitionFixtures.workerOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Followers hear of every change through the notification inbox; handlers hear of urging. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionNoticesTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PetitionSlaJobs jobs;

    private long notices(long petitionId, String kind) {
        return fixtures.count("SELECT count(*) FROM notification WHERE kind = $1 AND (data->>'petitionId')::bigint = $2", kind, petitionId);
    }

    @Test
    void reporterAndCoSignersHearOfEachStatusChange() {
        String reporter = Fixtures.residentToken();
        String neighbour = Fixtures.residentToken();
        long id = file(reporter, inCommunity("NOISE", "半夜KTV", 62));
        given().auth().oauth2(neighbour).post("/api/petitions/" + id + "/cosign").then().statusCode(200);
        String worker = workerOf(fixtures, 62);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        assertEquals(2, notices(id, "PETITION_STATUS"), "reporter and co-signer");
        given().auth().oauth2(neighbour).get("/api/notifications").then().statusCode(200)
                .body("items.title", hasItem("诉求已受理"));
        act(worker, id, "resolve", Map.of("version", 1, "resultText", "已责令整改")).statusCode(200);
        assertEquals(4, notices(id, "PETITION_STATUS"));
        given().auth().oauth2(reporter).get("/api/notifications").then()
                .body("items.find { it.title == '诉求已办结' }.body", equalTo("处理结果：已责令整改。请在小程序中评价。"));
    }

    @Test
    void urgingReachesTheHandlerAndARatingIsRequestedOnce() {
        String reporter = Fixtures.residentToken();
        long id = file(reporter, inCommunity("SANITATION", "垃圾站异味", 63));
        String worker = workerOf(fixtures, 63);
        act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        String street = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null,
                fixtures.count("SELECT street_id FROM community WHERE id = 63"), null, null, null));
        act(street, id, "urge", Map.of("note", "抓紧")).statusCode(200);
        assertEquals(1, notices(id, "PETITION_URGED"));
        given().auth().oauth2(worker).get("/api/notifications").then().body("items.title", hasItem("催办：诉求 #" + id));

        act(worker, id, "resolve", Map.of("version", 1, "resultText", "已清洗")).statusCode(200);
        jobs.runOnce().await().atMost(Duration.ofSeconds(30));
        jobs.runOnce().await().atMost(Duration.ofSeconds(30));
        assertEquals(1, notices(id, "PETITION_RATE"));
    }

    @Test
    void aMergedPetitionsReporterIsToldWhereItWent() {
        String a = Fixtures.residentToken();
        String b = Fixtures.residentToken();
        long keep = file(a, inCommunity("GREENING", "树枝挡住路灯", 64));
        long dup = file(b, inCommunity("GREENING", "路灯被树挡住了", 64));
        act(workerOf(fixtures, 64), dup, "merge", Map.of("version", 0, "intoId", keep)).statusCode(200);
        given().auth().oauth2(b).get("/api/notifications").then()
                .body("items.find { it.title == '诉求已合并' }.link", equalTo("pages/petition/detail?id=" + keep));
        assertEquals(0, notices(keep, "PETITION_STATUS"), "the kept petition's own status did not change");
    }
}
