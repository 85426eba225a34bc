package cn.palmcommunity.photo;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
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

/** Nine 5 MB photos fit in one multipart request under the configured 48 MB body limit. */
@QuarkusTest
class PhotoUploadLimitsTest {

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
