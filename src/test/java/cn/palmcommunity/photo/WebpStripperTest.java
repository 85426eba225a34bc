package cn.palmcommunity.photo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.photo.TestImages.contains;
import static cn.palmcommunity.photo.TestImages.riffChunk;
import static cn.palmcommunity.photo.TestImages.vp8x;
import static cn.palmcommunity.photo.TestImages.webp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebpStripperTest {

    @Test
    void removesExifAndXmpClearsTheirFlagsAndFixesTheRiffSize() {
        byte[] original = TestImages.webpWithMetadata();
        assertEquals(List.of("VP8X", "VP8L", "EXIF", "XMP "), chunkTypes(original));
        assertEquals(0x1C, original[20] & 0xFF);

        StrippedImage clean = MetadataStripper.clean(original, PhotoType.WEBP);
        byte[] stripped = clean.bytes();

        assertEquals(List.of("VP8X", "VP8L"), chunkTypes(stripped));
        assertEquals(0x10, stripped[20] & 0xFF, "EXIF (bit 3) and XMP (bit 2) cleared, alpha (bit 4) kept");
        assertEquals(stripped.length - 8, ByteBuffer.wrap(stripped).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
        assertFalse(contains(stripped, "GPSLatitude"));
        assertFalse(contains(stripped, TestImages.CAMERA));
        assertEquals(1, clean.width());
        assertEquals(1, clean.height());
        byte[] bitstream = riffChunk("VP8L", TestImages.vp8l1x1(0xFF336699));
        assertEquals(30, TestImages.indexOf(stripped, bitstream), "the VP8L chunk follows VP8X unchanged");
        assertEquals(30 + bitstream.length, stripped.length);
    }

    @Test
    void aSimpleWebpStaysByteForByte() {
        byte[] simple = webp(riffChunk("VP8L", TestImages.vp8l1x1(0xFF00FF00)));
        StrippedImage clean = MetadataStripper.clean(simple, PhotoType.WEBP);
        assertArrayEquals(simple, clean.bytes());
        assertEquals(1, clean.width());
    }

    @Test
    void readsLossyDimensionsAndDropsUnknownChunksAndTrailingBytes() {
        byte[] simple = webp(riffChunk("VP8 ", lossyHeader(640, 480)), riffChunk("JUNK", "GPS".getBytes(StandardCharsets.US_ASCII)));
        byte[] withTrailer = Arrays.copyOf(simple, simple.length + 4);
        StrippedImage clean = MetadataStripper.clean(withTrailer, PhotoType.WEBP);
        assertEquals(640, clean.width());
        assertEquals(480, clean.height());
        assertEquals(List.of("VP8 "), chunkTypes(clean.bytes()));
        assertEquals(clean.bytes().length - 8, ByteBuffer.wrap(clean.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
    }

    @Test
    void refusesTruncatedAndMalformedWebps() {
        byte[] good = TestImages.webpWithMetadata();
        InvalidPhotoException cut = assertThrows(InvalidPhotoException.class,
                () -> MetadataStripper.strip(Arrays.copyOf(good, good.length - 3), PhotoType.WEBP));
        assertTrue(cut.getMessage().contains("cut off"), cut.getMessage());

        byte[] overlong = good.clone();
        ByteBuffer.wrap(overlong).order(ByteOrder.LITTLE_ENDIAN).putInt(12 + 18 + 4, 1_000_000); // VP8L chunk size
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(overlong, PhotoType.WEBP));

        byte[] metadataOnly = webp(vp8x(0x08, 1, 1), riffChunk("EXIF", TestImages.exifTiff()));
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(metadataOnly, PhotoType.WEBP));

        byte[] exifFirst = webp(riffChunk("EXIF", TestImages.exifTiff()), riffChunk("VP8L", TestImages.vp8l1x1(0)));
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(exifFirst, PhotoType.WEBP));

        byte[] badSignature = TestImages.vp8l1x1(0);
        badSignature[0] = 0x2E;
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(webp(riffChunk("VP8L", badSignature)), PhotoType.WEBP));
    }

    @Test
    void refusesAbsurdDimensionsBeforeDecoding() {
        InvalidPhotoException canvas = assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(
                webp(vp8x(0, 16_000, 100), riffChunk("VP8L", TestImages.vp8l1x1(0))), PhotoType.WEBP));
        assertTrue(canvas.getMessage().contains("16000×100"), canvas.getMessage());
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(
                webp(riffChunk("VP8 ", lossyHeader(13_000, 10))), PhotoType.WEBP));
    }

    /** The first ten bytes of a VP8 key frame: frame tag (key frame, shown), start code, sizes. */
    private static byte[] lossyHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A}).putShort((short) width).putShort((short) height);
        return b.array();
    }

    static List<String> chunkTypes(byte[] webp) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos < webp.length) {
            int size = b.getInt(pos + 4);
            types.add(new String(webp, pos, 4, StandardCharsets.US_ASCII));
            pos += 8 + size + (size & 1);
        }
        return types;
    }
}
