package cn.palmcommunity.photo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.photo.TestImages.chunk;
import static cn.palmcommunity.photo.TestImages.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngStripperTest {

    private static final byte[] GAMMA = chunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F});
    private static final byte[] PHYS = chunk("pHYs", new byte[] {0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1});

    private static byte[] annotatedPng() {
        return TestImages.spliceAfterIhdr(TestImages.png(24, 18),
                GAMMA, PHYS,
                TestImages.textChunk("Comment", "GPSLatitude 36.07N by " + TestImages.CAMERA),
                TestImages.exifChunk(),
                chunk("tIME", new byte[] {0x07, (byte) 0xE9, 11, 23, 9, 30, 0}),
                chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPSLongitude</x:xmpmeta>".getBytes(StandardCharsets.UTF_8)),
                chunk("zTXt", "Author\0\0xyz".getBytes(StandardCharsets.ISO_8859_1)),
                chunk("prVt", "private vendor data".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void removesTextExifTimeAndUnknownChunksAndKeepsRendering() {
        byte[] original = annotatedPng();
        assertTrue(contains(original, "eXIf") && contains(original, "GPSLatitude"));

        StrippedImage clean = MetadataStripper.clean(original, PhotoType.PNG);

        assertEquals(List.of("IHDR", "gAMA", "pHYs", "IDAT", "IEND"), chunkTypes(clean.bytes()).stream().distinct().toList());
        for (String gone : new String[] {"GPSLatitude", "GPSLongitude", TestImages.CAMERA, "Author", "private vendor"}) {
            assertFalse(contains(clean.bytes(), gone), gone + " is still in the photo");
        }
        assertEquals(-1, TestImages.indexOf(clean.bytes(), TestImages.latitudeBytes(ByteOrder.BIG_ENDIAN)));
        assertEquals(24, clean.width());
        assertEquals(18, clean.height());
        JpegStripperTest.assertSamePixels(TestImages.decode(original), TestImages.decode(clean.bytes()));
    }

    @Test
    void aCleanPngStaysByteForByte() {
        byte[] png = TestImages.png(10, 10);
        assertArrayEquals(png, MetadataStripper.strip(png, PhotoType.PNG));
    }

    @Test
    void dropsWhatFollowsIend() {
        byte[] png = TestImages.png(5, 5);
        byte[] withTrailer = Arrays.copyOf(png, png.length + 9);
        System.arraycopy("GPS 36.07".getBytes(StandardCharsets.US_ASCII), 0, withTrailer, png.length, 9);
        assertArrayEquals(png, MetadataStripper.strip(withTrailer, PhotoType.PNG));
    }

    @Test
    void refusesADamagedKeptChunkButNotADamagedDroppedOne() {
        byte[] png = TestImages.png(6, 6);
        int idat = TestImages.indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
        byte[] damaged = png.clone();
        damaged[idat + 4] ^= 0x55;
        InvalidPhotoException e = assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(damaged, PhotoType.PNG));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        byte[] badText = TestImages.textChunk("Comment", "hello");
        badText[badText.length - 1] ^= 0x01;
        assertArrayEquals(png, MetadataStripper.strip(TestImages.spliceAfterIhdr(png, badText), PhotoType.PNG));
    }

    @Test
    void refusesTruncatedAndMalformedPngs() {
        byte[] png = TestImages.png(16, 16);
        InvalidPhotoException cut = assertThrows(InvalidPhotoException.class,
                () -> MetadataStripper.strip(Arrays.copyOf(png, png.length - 12), PhotoType.PNG)); // IEND missing
        assertTrue(cut.getMessage().contains("cut off"), cut.getMessage());
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(Arrays.copyOf(png, png.length / 2), PhotoType.PNG));

        byte[] overlong = png.clone();
        overlong[8] = 0x7F; // IHDR length far past the end
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(overlong, PhotoType.PNG));

        byte[] critical = TestImages.spliceAfterIhdr(png, chunk("ZZZZ", new byte[] {1}));
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(critical, PhotoType.PNG));

        byte[] noData = TestImages.spliceAfterIhdr(Arrays.copyOf(png, 33), chunk("IEND", new byte[0]));
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(noData, PhotoType.PNG));
    }

    @Test
    void refusesAbsurdDimensionsBeforeDecoding() {
        byte[] png = TestImages.png(4, 4);
        ByteBuffer.wrap(png).putInt(16, 20_000); // IHDR width
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        InvalidPhotoException e = assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(png, PhotoType.PNG));
        assertTrue(e.getMessage().contains("20000×4"), e.getMessage());
    }

    static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        int pos = 8;
        while (pos < png.length) {
            int length = b.getInt(pos);
            types.add(new String(png, pos + 4, 4, StandardCharsets.US_ASCII));
            pos += 12 + length;
        }
        return types;
    }
}
