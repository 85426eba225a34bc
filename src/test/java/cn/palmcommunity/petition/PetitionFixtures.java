package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Shortcuts for petition tests: filing near a demo community and acting on petitions. */
final class PetitionFixtures {

    private PetitionFixtures() {
    }

    /** A body for a petition at a WGS-84 point (sent as such). */
    static Map<String, Object> newPetition(String category, String text, double lat, double lon) {
        Map<String, Object> body = new HashMap<>();
        body.put("categoryCode", category);
        body.put("text", text);
        body.put("location", Map.of("latitude", lat, "longitude", lon, "coord", "WGS84"));
        body.put("contactPhone", "13912345678");
        return body;
    }

    static Map<String, Object> inCommunity(String category, String text, long communityId) {
        Map<String, Object> body = new HashMap<>();
        body.put("categoryCode", category);
        body.put("text", text);
        body.put("communityId", communityId);
        body.put("address", "测试路" + communityId + "号");
        return body;
    }

    static long file(String residentToken, Map<String, Object> body) {
        return ((Number) given().auth().oauth2(residentToken).contentType(ContentType.JSON).body(body)
                .post("/api/petitions").then().statusCode(201).extract().path("id")).longValue();
    }

    static ValidatableResponse act(String token, long id, String action, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/petitions/" + id + "/" + action).then();
    }

    static int version(String token, long id) {
        return given().auth().oauth2(token).get("/api/petitions/" + id).then().statusCode(200).extract().path("version");
    }

    static String workerOf(Fixtures fixtures, long community) {
        return Fixtures.accessToken(fixtures.communityWorker(community));
    }
}
