package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Department accounts, announced uploads and rows sent as the feed endpoints expect them. */
@ApplicationScoped
public class FeedFixtures {

    private final Fixtures fixtures;
    private final RegistryFixtures registry;

    public FeedFixtures(Fixtures fixtures, RegistryFixtures registry) {
        this.fixtures = fixtures;
        this.registry = registry;
    }

    /** A department account's access token. */
    public String department(String department) {
        return Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, department));
    }

    public String communityCode(long communityId) {
        return fixtures.sql("SELECT code FROM community WHERE id = $1", communityId).iterator().next().getString(0);
    }

    public long announce(String token, String feed) {
        return ((Number) given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("feed", feed, "fileName", feed + ".csv"))
                .post("/api/feeds/uploads").then().statusCode(201).extract().path("id")).longValue();
    }

    public ValidatableResponse send(String token, long upload, String contentType, byte[] body) {
        return given().auth().oauth2(token).contentType(contentType).body(body)
                .put("/api/feeds/uploads/" + upload + "/rows").then();
    }

    /** Announces an upload of {@code feed} and sends {@code csv} (UTF-8); answers the final upload document. */
    public ValidatableResponse csv(String token, String feed, String csv) {
        return send(token, announce(token, feed), "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    public ValidatableResponse csv(String token, String feed, String csv, Charset charset) {
        return send(token, announce(token, feed), "text/csv", csv.getBytes(charset));
    }

    public ValidatableResponse jsonl(String token, String feed, String lines) {
        return send(token, announce(token, feed), "application/x-ndjson", lines.getBytes(StandardCharsets.UTF_8));
    }

    public ValidatableResponse errors(String token, long upload) {
        return given().auth().oauth2(token).get("/api/feeds/uploads/" + upload + "/errors?limit=1000").then().statusCode(200);
    }

    public RegistryFixtures registry() {
        return registry;
    }

    public Fixtures fixtures() {
        return fixtures;
    }
}
