package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.PetitionFixtures.file;
import static cn.palmcommunity.petition.PetitionFixtures.inCommunity;
import static cn.palmcommunity.petition.PetitionFixtures.workerOf;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Photos travel with the petition: stripped of location metadata, visible only to who may see the petition. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class PetitionPhotosTest {

    @Inject
    Fixtures fixtures;

    /** A small real JPEG with an Exif segment carrying a "GPS" marker spliced in after SOI. */
    static byte[] jpegWithGps() throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        byte[] plain = out.toByteArray();
        byte[] payload = "Exif\0\0GPSLatitude=36.0871;GPSLongitude=120.3745".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(plain, 0, 2);
        spliced.write(0xFF);
        spliced.write(0xE1);
        int length = payload.length + 2;
        spliced.write(length >> 8);
        spliced.write(length & 0xFF);
        spliced.write(payload);
        spliced.write(plain, 2, plain.length - 2);
        return spliced.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    @Test
    void photosAreStrippedStoredWithThePetitionAndServedToItsFollowersOnly() throws Exception {
        byte[] photo = jpegWithGps();
        assertTrue(contains(photo, "GPSLatitude"));
        String resident = Fixtures.residentToken();
        var filed = given().auth().oauth2(resident)
                .multiPart("petition", "petition.json", ("{\"categoryCode\":\"PUBLIC_FACILITIES\",\"text\":\"井盖松动\",\"communityId\":83}")
                        .getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("photos", "IMG_0001.png", photo, "image/png")
                .multiPart("photos", "IMG_0002.jpg", photo, "image/jpeg")
                .post("/api/petitions/with-photos")
                .then().statusCode(201).body("photoIds", hasSize(2)).extract().jsonPath();
        long id = filed.getLong("id");
        String photoId = filed.getString("photoIds[0]");

        byte[] served = given().auth().oauth2(resident).get("/api/petitions/mine/" + id + "/photos/" + photoId)
                .then().statusCode(200).contentType("image/jpeg").header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        assertFalse(contains(served, "GPSLatitude"), "location metadata removed");
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(served));
        assertEquals(32, decoded.getWidth());

        byte[] staffCopy = given().auth().oauth2(workerOf(fixtures, 83)).get("/api/petitions/" + id + "/photos/" + photoId)
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(served, staffCopy);
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).get("/api/petitions/mine/" + id + "/photos/" + photoId).then(),
                404, "not-found");
        assertProblem(given().auth().oauth2(workerOf(fixtures, 84)).get("/api/petitions/" + id + "/photos/" + photoId).then(),
                403, "forbidden");
    }

    @Test
    void aFileThatIsNotAPhotoIs415AndNothingIsStored() {
        String resident = Fixtures.residentToken();
        long before = fixtures.count("SELECT count(*) FROM petition WHERE community_id = 85");
        assertProblem(given().auth().oauth2(resident)
                .multiPart("petition", "p.json", "{\"categoryCode\":\"NOISE\",\"text\":\"吵\",\"communityId\":85}".getBytes(StandardCharsets.UTF_8),
                        "application/json")
                .multiPart("photos", "virus.jpg", "MZ this is not a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg")
                .post("/api/petitions/with-photos").then(), 415, "unsupported-photo-type")
                .body("errors[0].field", equalTo("photos[0]"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM petition WHERE community_id = 85"));
    }

    @Test
    void tenPhotosAreTooMany() throws Exception {
        byte[] photo = jpegWithGps();
        var request = given().auth().oauth2(Fixtures.residentToken())
                .multiPart("petition", "p.json", "{\"categoryCode\":\"NOISE\",\"text\":\"吵\",\"communityId\":85}".getBytes(StandardCharsets.UTF_8),
                        "application/json");
        for (int i = 0; i < 10; i++) {
            request.multiPart("photos", "p" + i + ".jpg", photo, "image/jpeg");
        }
        assertProblem(request.post("/api/petitions/with-photos").then(), 422, "validation").body("errors[0].field", equalTo("photos"));
    }

    @Test
    void theHandlerSendsPhotosOfTheResult() throws Exception {
        String resident = Fixtures.residentToken();
        long id = file(resident, inCommunity("SANITATION", "垃圾堆积", 86));
        String worker = workerOf(fixtures, 86);
        PetitionFixtures.act(worker, id, "accept", Map.of("version", 0)).statusCode(200);
        given().auth().oauth2(worker)
                .multiPart("resolve", "r.json", "{\"version\":1,\"resultText\":\"已清理完毕\"}".getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("photos", "after.jpg", jpegWithGps(), "image/jpeg")
                .post("/api/petitions/" + id + "/resolve-with-photos")
                .then().statusCode(200).body("status", equalTo("RESOLVED")).body("resultPhotoIds", hasSize(1));
        List<String> ids = given().auth().oauth2(resident).get("/api/petitions/mine/" + id).then().statusCode(200)
                .extract().path("resultPhotoIds");
        given().auth().oauth2(resident).get("/api/petitions/mine/" + id + "/photos/" + ids.get(0)).then().statusCode(200);
    }
}
