package cn.palmcommunity.photo;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The configuration proposed for nine 5 MB photos in one request: a 50 MB body limit. (The default
 * 10 MB takes at most one or two such photos per request.)
 */
@QuarkusTest
@TestProfile(PhotoUploadLimitsTest.FiftyMegabyteBodies.class)
class PhotoUploadLimitsTest {

    public static class FiftyMegabyteBodies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.limits.max-body-size", "50M");
        }
    }

    @Inject
    Fixtures fixtures;

    @Test
    void ninePhotosOfFiveMegabytesEachFitInOneRequest() {
        String username = fixtures.communityWorker(1);
        byte[] jpeg = TestImages.jpeg(16, 12);
        byte[] fiveMb = Arrays.copyOf(jpeg, 5 * 1024 * 1024); // the camera's bytes after EOI are dropped
        RequestSpecification request = given().auth().oauth2(Fixtures.accessToken(username));
        for (int i = 0; i < 9; i++) {
            request.multiPart("photos", "p" + i + ".jpg", fiveMb, "image/jpeg");
        }
        request.post("/test/photo-uploads/one-at-a-time")
                .then().statusCode(200)
                .body("photos", hasSize(9))
                .body("photos.size", everyItem(equalTo(jpeg.length)))
                .body("photos.width", everyItem(equalTo(16)));
        assertEquals(9, fixtures.count("SELECT count(*) FROM photo WHERE uploaded_by = $1", fixtures.accountId(username)));
    }
}
