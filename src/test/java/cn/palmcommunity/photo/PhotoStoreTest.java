package cn.palmcommunity.photo;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PhotoStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    PhotoStore photos;
    @Inject
    Pool pool;
    @Inject
    Fixtures fixtures;

    private long uploader() {
        return fixtures.accountId(fixtures.communityWorker(1));
    }

    private long storedBy(long uploader) {
        return fixtures.count("SELECT count(*) FROM photo WHERE uploaded_by = $1", uploader);
    }

    @Test
    void storesTheStrippedPhotoAndLoadsItBack() {
        long uploader = uploader();
        byte[] original = TestImages.spliceAfterJfif(TestImages.jpeg(64, 48),
                TestImages.exifSegment(ByteOrder.BIG_ENDIAN, null), TestImages.commentSegment("GPS 36.07N"));

        StoredPhoto stored = pool.withTransaction(tx -> photos.store(tx, original, uploader, "photos[0]")).await().atMost(WAIT);

        byte[] expected = MetadataStripper.strip(original, PhotoType.JPEG);
        assertEquals("image/jpeg", stored.mediaType());
        assertEquals(expected.length, stored.size());
        assertEquals(64, stored.width());
        assertEquals(48, stored.height());
        assertEquals(HexFormat.of().formatHex(PhotoStore.sha256(expected)), stored.sha256());

        PhotoContent loaded = photos.load(stored.id()).await().atMost(WAIT);
        assertArrayEquals(expected, loaded.bytes());
        assertEquals(HexFormat.of().formatHex(PhotoStore.sha256(loaded.bytes())), loaded.sha256(), "the hash is of the stored bytes");
        assertEquals(stored.sha256(), loaded.sha256());
        assertEquals(PhotoType.JPEG, loaded.type());
        assertFalse(TestImages.contains(loaded.bytes(), "Exif"));

        Row row = fixtures.sql("SELECT size, width, height, media_type, uploaded_by, octet_length(bytes) AS n FROM photo WHERE id = $1",
                stored.id()).iterator().next();
        assertEquals(expected.length, row.getInteger("size"));
        assertEquals(expected.length, row.getInteger("n"));
        assertEquals(64, row.getInteger("width"));
        assertEquals(uploader, row.getLong("uploaded_by"));
    }

    @Test
    void preparesSeveralInOrderAndNamesEachOne() {
        List<byte[]> originals = List.of(TestImages.png(3, 2), TestImages.webpWithMetadata(), TestImages.jpeg(5, 4));
        List<CleanPhoto> clean = photos.prepareAll(originals, "photos").await().atMost(WAIT);
        assertEquals(List.of(PhotoType.PNG, PhotoType.WEBP, PhotoType.JPEG), clean.stream().map(CleanPhoto::type).toList());
        assertEquals(List.of(3, 1, 5), clean.stream().map(CleanPhoto::width).toList());

        List<byte[]> withBroken = List.of(TestImages.png(3, 2), TestImages.png(3, 2), Arrays.copyOf(TestImages.png(8, 8), 40));
        ProblemException e = problem(photos.prepareAll(withBroken, "photos"));
        assertEquals(422, e.problem().status());
        assertEquals("photos[2]", e.problem().errors().get(0).field());
        assertTrue(e.problem().errors().get(0).message().contains("cut off"), e.problem().errors().get(0).message());
    }

    @Test
    void aPhotoOverTheLimitIs413NamingTheField() {
        byte[] big = Arrays.copyOf(TestImages.jpeg(8, 8), 5 * 1024 * 1024 + 1);
        ProblemException e = problem(photos.prepare(big, "photos[3]"));
        assertEquals(413, e.problem().status());
        assertTrue(e.problem().type().endsWith("/photo-too-large"));
        assertEquals("photos[3]", e.problem().errors().get(0).field());
        assertEquals("must be at most 5 MB", e.problem().errors().get(0).message());

        byte[] jpeg = TestImages.jpeg(8, 8);
        byte[] exactly = Arrays.copyOf(jpeg, 5 * 1024 * 1024); // zeros after EOI
        CleanPhoto accepted = photos.prepare(exactly, "photo").await().atMost(WAIT);
        assertArrayEquals(jpeg, accepted.bytes(), "5 MB itself is allowed; what follows EOI is dropped");
    }

    @Test
    void somethingThatIsNotAPhotoIs415NamingTheField() {
        ProblemException e = problem(photos.prepare("just some notes\n".getBytes(StandardCharsets.UTF_8), "photos[1]"));
        assertEquals(415, e.problem().status());
        assertTrue(e.problem().type().endsWith("/unsupported-photo-type"));
        assertEquals("photos[1]", e.problem().errors().get(0).field());
    }

    @Test
    void aTruncatedJpegIs422() {
        byte[] jpeg = TestImages.jpeg(30, 30);
        ProblemException e = problem(photos.prepare(Arrays.copyOf(jpeg, jpeg.length / 2), "photo"));
        assertEquals(422, e.problem().status());
        assertEquals("photo", e.problem().errors().get(0).field());
    }

    @Test
    void nothingIsHalfStoredWhenALaterPhotoFails() {
        long uploader = uploader();
        Uni<StoredPhoto> both = pool.withTransaction(tx -> photos.store(tx, TestImages.jpeg(10, 10), uploader, "photos[0]")
                .chain(() -> photos.store(tx, "not a photo".getBytes(StandardCharsets.UTF_8), uploader, "photos[1]")));
        assertEquals(415, problem(both).problem().status());
        assertEquals(0, storedBy(uploader), "the first photo was rolled back with the transaction");
    }

    @Test
    void loadingAnUnknownPhotoIs404() {
        UUID id = UUID.randomUUID();
        ProblemException e = problem(photos.load(id));
        assertEquals(404, e.problem().status());
        assertTrue(e.problem().detail().contains(id.toString()));
    }

    private static ProblemException problem(Uni<?> uni) {
        return assertThrows(ProblemException.class, () -> uni.await().atMost(WAIT));
    }
}
