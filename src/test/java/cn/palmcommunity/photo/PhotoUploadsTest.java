package cn.palmcommunity.photo;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Photos through a real multipart endpoint ({@link PhotoUploadTestResource}), the way the petition
 * endpoint will receive them, including what happens at each size limit.
 */
@QuarkusTest
class PhotoUploadsTest {

    private static final String UPLOADS = "/test/photo-uploads";
    private static final int MB = 1024 * 1024;

    @Inject
    Fixtures fixtures;

    @TestHTTPResource(UPLOADS)
    URL uploadsUrl;

    private String token;
    private long uploader;

    @BeforeEach
    void worker() {
        String username = fixtures.communityWorker(1);
        token = Fixtures.accessToken(username);
        uploader = fixtures.accountId(username);
    }

    private RequestSpecification authorised() {
        return given().auth().oauth2(token);
    }

    private long stored() {
        return fixtures.count("SELECT count(*) FROM photo WHERE uploaded_by = $1", uploader);
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(PhotoStore.sha256(bytes));
    }

    @Test
    void storesEachKindByItsBytesAndServesItBackWithoutMetadata() {
        byte[] jpeg = TestImages.spliceAfterJfif(TestImages.jpeg(40, 30), TestImages.exifSegment(ByteOrder.BIG_ENDIAN, null),
                TestImages.commentSegment("GPS 36.07N"));
        byte[] png = TestImages.spliceAfterIhdr(TestImages.png(12, 9), TestImages.textChunk("Comment", "GPSLatitude 36.07N"), TestImages.exifChunk());
        byte[] webp = TestImages.webpWithMetadata();

        ExtractableResponse<Response> response = authorised()
                .multiPart("photos", "pothole.png", jpeg, "image/png") // a JPEG, whatever the name and part type say
                .multiPart("photos", "IMG_0001.jpg", png, "image/jpeg")
                .multiPart("photos", "sticker.webp", webp, "application/octet-stream")
                .multiPart(new MultiPartSpecBuilder("东郊路的井盖坏了").controlName("note").charset(StandardCharsets.UTF_8).build())
                .post(UPLOADS)
                .then().statusCode(200)
                .body("note", equalTo("东郊路的井盖坏了"))
                .body("eventLoop", equalTo(true))
                .body("photos.mediaType", contains("image/jpeg", "image/png", "image/webp"))
                .body("photos.width", contains(40, 12, 1))
                .body("photos.height", contains(30, 9, 1))
                .body("photos.sha256", contains(sha256Hex(MetadataStripper.strip(jpeg, PhotoType.JPEG)),
                        sha256Hex(MetadataStripper.strip(png, PhotoType.PNG)), sha256Hex(MetadataStripper.strip(webp, PhotoType.WEBP))))
                .extract();
        assertEquals(3, stored());

        String id = response.path("photos[0].id");
        String sha = response.path("photos[0].sha256");
        ExtractableResponse<Response> served = authorised().get(UPLOADS + "/" + id)
                .then().statusCode(200)
                .contentType("image/jpeg")
                .header("Content-Length", String.valueOf(MetadataStripper.strip(jpeg, PhotoType.JPEG).length))
                .header("Cache-Control", "private, max-age=86400")
                .header("X-Content-Type-Options", "nosniff")
                .header("ETag", "\"" + sha + "\"")
                .extract();
        assertEquals(1, served.headers().getValues("Content-Length").size());
        assertArrayEquals(MetadataStripper.strip(jpeg, PhotoType.JPEG), served.asByteArray());
        assertFalse(TestImages.contains(served.asByteArray(), "Exif"));
        assertEquals(40, TestImages.decode(served.asByteArray()).getWidth());

        authorised().header("If-None-Match", "\"other\", W/\"" + sha + "\"").get(UPLOADS + "/" + id)
                .then().statusCode(304)
                .header("ETag", "\"" + sha + "\"")
                .body(equalTo(""));
        authorised().header("If-None-Match", "\"other\"").get(UPLOADS + "/" + id).then().statusCode(200);

        // Each type, whatever the client accepts (a mini program's <image> sends image/webp,image/*,*/*).
        for (int i = 0; i < 3; i++) {
            String photoId = response.path("photos[" + i + "].id");
            byte[] expected = MetadataStripper.strip(List.of(jpeg, png, webp).get(i), List.of(PhotoType.values()).get(i));
            for (String accept : List.of("*/*", "image/webp,image/*,*/*;q=0.8", List.of(PhotoType.values()).get(i).mediaType())) {
                byte[] body = authorised().accept(accept).get(UPLOADS + "/" + photoId)
                        .then().statusCode(200).contentType(List.of(PhotoType.values()).get(i).mediaType())
                        .extract().asByteArray();
                assertArrayEquals(expected, body, "photo " + i + " with Accept " + accept);
            }
        }
    }

    @Test
    void readingOneAtATimeGivesTheSameResult() {
        authorised()
                .multiPart("photos", "a.jpg", TestImages.jpeg(7, 5), "image/jpeg")
                .multiPart("photos", "b.png", TestImages.png(6, 4), "image/png")
                .post(UPLOADS + "/one-at-a-time")
                .then().statusCode(200)
                .body("eventLoop", equalTo(true))
                .body("photos.width", contains(7, 6));
        assertEquals(2, stored());
    }

    @Test
    void tenPhotosAre422NamingTheField() {
        for (String path : List.of(UPLOADS, UPLOADS + "/one-at-a-time")) {
            RequestSpecification request = authorised();
            for (int i = 0; i < 10; i++) {
                request.multiPart("photos", "p" + i + ".jpg", TestImages.jpeg(4, 4), "image/jpeg");
            }
            assertProblem(request.post(path).then(), 422, "validation")
                    .body("errors", hasSize(1))
                    .body("errors[0].field", equalTo("photos"))
                    .body("errors[0].message", equalTo("at most 9 photos are allowed"));
        }
        assertEquals(0, stored());
    }

    @Test
    void aTextFileNamedJpgIs415AndNothingIsStored() {
        for (String path : List.of(UPLOADS, UPLOADS + "/one-at-a-time")) {
            assertProblem(authorised()
                    .multiPart("photos", "good.jpg", TestImages.jpeg(8, 8), "image/jpeg")
                    .multiPart("photos", "notes.jpg", "Remember: the well cover on Dongjiao Road\n".getBytes(StandardCharsets.UTF_8), "image/jpeg")
                    .post(path).then(), 415, "unsupported-photo-type")
                    .body("errors[0].field", equalTo("photos[1]"))
                    .body("errors[0].message", equalTo("must be a JPEG, PNG or WebP image"))
                    .body("detail", equalTo("photos[1] is not a JPEG, PNG or WebP image"));
        }
        assertEquals(0, stored(), "the good photo before it was not stored either");
    }

    @Test
    void aPartOverFiveMbIs413NamingItsField() {
        byte[] big = Arrays.copyOf(TestImages.jpeg(8, 8), 5 * MB + 1);
        for (String path : List.of(UPLOADS, UPLOADS + "/one-at-a-time")) {
            assertProblem(authorised()
                    .multiPart("photos", "small.jpg", TestImages.jpeg(8, 8), "image/jpeg")
                    .multiPart("photos", "big.jpg", big, "image/jpeg")
                    .post(path).then(), 413, "photo-too-large")
                    .body("errors[0].field", equalTo("photos[1]"))
                    .body("errors[0].message", equalTo("must be at most 5 MB"));
        }
        assertEquals(0, stored());
    }

    @Test
    void aTruncatedJpegIs422NamingItsField() {
        byte[] jpeg = TestImages.jpeg(40, 40);
        assertProblem(authorised()
                .multiPart("photos", "cut.jpg", Arrays.copyOf(jpeg, jpeg.length - 40), "image/jpeg")
                .post(UPLOADS).then(), 422, "validation")
                .body("errors[0].field", equalTo("photos[0]"))
                .body("errors[0].message", containsString("cut off"));
        assertEquals(0, stored());
    }

    @Test
    void noPhotoPartsIsAnEmptyList() {
        authorised().multiPart("note", "only text").multiPart("photos", "a plain form value, not a file")
                .post(UPLOADS)
                .then().statusCode(200)
                .body("note", equalTo("only text"))
                .body("photos", empty());
    }

    /**
     * With Content-Length (a browser's FormData, wx.uploadFile) the body-size filter answers before a
     * byte is read. REST Assured streams multipart chunked: then Quarkus REST's multipart parser stops
     * at quarkus.http.limits.max-body-size, also with a 413 problem, but without a field name.
     */
    @Test
    void aRequestOverTheBodyLimitIs413() throws Exception {
        String boundary = "palm-boundary-1";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 49 * MB + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        HttpResponse<String> declared = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uploadsUrl.toURI())
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, declared.statusCode());
        assertEquals("application/problem+json", declared.headers().firstValue("Content-Type").orElse(""));
        assertEquals(true, declared.body().contains("/problems/payload-too-large"), declared.body());

        byte[] sixMb = Arrays.copyOf(TestImages.jpeg(8, 8), 6 * MB);
        assertProblem(authorised()
                .multiPart("photos", "a.jpg", sixMb, "image/jpeg")
                .multiPart("photos", "b.jpg", sixMb, "image/jpeg")
                .post(UPLOADS).then(), 413, "photo-too-large").body("errors[0].field", equalTo("photos[0]"));
        assertEquals(0, stored());
    }

    /** quarkus.http.limits.max-form-attribute-size bounds each text field of a multipart form. */
    @Test
    void textFieldsUpTo64KbAreAccepted() {
        String description = "东郊路12号楼前的井盖松动，晚上有老人差点绊倒。".repeat(100); // about 7 KB of UTF-8
        authorised().multiPart(new MultiPartSpecBuilder(description).controlName("note").charset(StandardCharsets.UTF_8).build())
                .post(UPLOADS).then().statusCode(200).body("note", equalTo(description));
        assertProblem(authorised().multiPart(new MultiPartSpecBuilder("x".repeat(65 * 1024)).controlName("note").build())
                .post(UPLOADS).then(), 413, "request-entity-too-large");
    }

    @Test
    void photosNeedAnAccount() {
        assertProblem(given().multiPart("photos", "a.jpg", TestImages.jpeg(4, 4), "image/jpeg").post(UPLOADS).then(), 401, "unauthorized");
    }

    @Test
    void anUnknownPhotoIs404AsAProblem() {
        assertProblem(authorised().get(UPLOADS + "/" + java.util.UUID.randomUUID()).then(), 404, "not-found");
    }
}
