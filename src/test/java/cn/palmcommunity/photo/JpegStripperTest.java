package cn.palmcommunity.photo;

import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.photo.TestImages.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegStripperTest {

    private static final String COMMENT = "taken at 36.07N 120.38E, phone 13800001234";

    private static byte[] phonePhoto(Integer orientation, ByteOrder order) {
        return TestImages.spliceAfterJfif(TestImages.jpeg(40, 30),
                TestImages.exifSegment(order, orientation),
                TestImages.xmpSegment(),
                TestImages.photoshopSegment(),
                TestImages.commentSegment(COMMENT),
                TestImages.segment(0xE3, "Vendor maker notes".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void removesExifGpsXmpIptcCommentsAndVendorSegments() {
        byte[] original = phonePhoto(null, ByteOrder.BIG_ENDIAN);
        // the fixture really carries what must go
        assertTrue(contains(original, "Exif") && contains(original, TestImages.CAMERA) && contains(original, "GPSLatitude"));
        assertTrue(TestImages.indexOf(original, TestImages.latitudeBytes(ByteOrder.BIG_ENDIAN)) > 0);

        StrippedImage clean = MetadataStripper.clean(original, PhotoType.JPEG);
        byte[] stripped = clean.bytes();

        for (String gone : new String[] {"Exif", TestImages.CAMERA, "GPSLatitude", "http://ns.adobe.com", "Photoshop", "IPTC", COMMENT, "Vendor"}) {
            assertFalse(contains(stripped, gone), gone + " is still in the photo");
        }
        assertEquals(-1, TestImages.indexOf(stripped, TestImages.latitudeBytes(ByteOrder.BIG_ENDIAN)));
        assertEquals(40, clean.width());
        assertEquals(30, clean.height());
        assertEquals(PhotoType.JPEG, clean.type());
        assertTrue(stripped.length < original.length);
        assertEquals(0xFFD9, ((stripped[stripped.length - 2] & 0xFF) << 8) | (stripped[stripped.length - 1] & 0xFF));
        assertSamePixels(TestImages.decode(original), TestImages.decode(stripped));
    }

    @Test
    void theCompressedImageDataIsCopiedUntouched() {
        byte[] plain = TestImages.jpeg(33, 17);
        byte[] stripped = MetadataStripper.strip(TestImages.spliceAfterJfif(plain, TestImages.exifSegment(ByteOrder.BIG_ENDIAN, null)), PhotoType.JPEG);
        assertArrayEquals(plain, stripped, "ImageIO's JPEG has only JFIF, tables, frame and scan: all of it stays, byte for byte");
        assertArrayEquals(stripped, MetadataStripper.strip(stripped, PhotoType.JPEG), "stripping is idempotent");
    }

    @Test
    void aProgressiveJpegKeepsAllItsScans() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        try (javax.imageio.stream.ImageOutputStream stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(TestImages.picture(48, 32), null, null), param);
        }
        writer.dispose();
        byte[] progressive = out.toByteArray();
        int scans = 0;
        for (int i = 0; i < progressive.length - 1; i++) {
            if ((progressive[i] & 0xFF) == 0xFF && (progressive[i + 1] & 0xFF) == 0xDA) {
                scans++;
            }
        }
        assertTrue(scans > 1, "the fixture really has several scans");

        byte[] stripped = MetadataStripper.strip(TestImages.spliceAfterJfif(progressive,
                TestImages.exifSegment(ByteOrder.BIG_ENDIAN, null), TestImages.commentSegment(COMMENT)), PhotoType.JPEG);
        assertArrayEquals(progressive, stripped);
        assertSamePixels(TestImages.decode(progressive), TestImages.decode(stripped));
    }

    @Test
    void keepsColourInformation() {
        byte[] adobe = TestImages.segment(0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1});
        byte[] original = TestImages.spliceAfterJfif(TestImages.jpeg(16, 16), TestImages.iccSegment(), adobe,
                TestImages.segment(0xE2, "MPF\0secondary image offsets".getBytes(StandardCharsets.US_ASCII)));
        byte[] stripped = MetadataStripper.strip(original, PhotoType.JPEG);
        assertTrue(contains(stripped, "ICC_PROFILE\0"));
        assertTrue(TestImages.indexOf(stripped, adobe) > 0);
        assertFalse(contains(stripped, "MPF"), "APP2 that is not an ICC profile goes");
    }

    @Test
    void aTurnedPhotoKeepsOnlyItsOrientation() {
        byte[] original = phonePhoto(6, ByteOrder.LITTLE_ENDIAN);
        byte[] stripped = MetadataStripper.strip(original, PhotoType.JPEG);

        assertFalse(contains(stripped, TestImages.CAMERA));
        assertFalse(contains(stripped, "GPSLatitude"));
        assertEquals(-1, TestImages.indexOf(stripped, TestImages.latitudeBytes(ByteOrder.LITTLE_ENDIAN)));
        int app1 = TestImages.indexOf(stripped, new byte[] {(byte) 0xFF, (byte) 0xE1});
        assertTrue(app1 > 0, "a fresh Exif segment carries the orientation");
        assertEquals(34, ((stripped[app1 + 2] & 0xFF) << 8) | (stripped[app1 + 3] & 0xFF), "one IFD with one entry, nothing else");
        assertEquals(6, JpegStripper.orientation(stripped, app1 + 4, app1 + 2 + 34));
        assertEquals(6, JpegStripper.orientation(original, TestImages.indexOf(original, new byte[] {(byte) 0xFF, (byte) 0xE1}) + 4, original.length));
        assertEquals(40, TestImages.decode(stripped).getWidth());
    }

    @Test
    void anUprightPhotoKeepsNoExifAtAll() {
        byte[] stripped = MetadataStripper.strip(phonePhoto(1, ByteOrder.BIG_ENDIAN), PhotoType.JPEG);
        assertFalse(contains(stripped, "Exif"));
    }

    @Test
    void dropsTheJfifThumbnail() {
        byte[] original = TestImages.withJfifThumbnail(TestImages.jpeg(20, 10));
        assertTrue(TestImages.indexOf(original, new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF}) > 0);
        byte[] stripped = MetadataStripper.strip(original, PhotoType.JPEG);
        assertEquals(-1, TestImages.indexOf(stripped, new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF}));
        assertEquals(16, ((stripped[4] & 0xFF) << 8) | (stripped[5] & 0xFF), "JFIF APP0 without thumbnail is 16 bytes");
        assertTrue(contains(stripped, "JFIF\0"));
        assertEquals(20, TestImages.decode(stripped).getWidth());
    }

    @Test
    void dropsWhatFollowsTheEndOfImage() {
        byte[] jpeg = TestImages.jpeg(12, 12);
        byte[] trailer = "SECOND IMAGE WITH GPS 36.07N".getBytes(StandardCharsets.US_ASCII);
        byte[] original = Arrays.copyOf(jpeg, jpeg.length + trailer.length);
        System.arraycopy(trailer, 0, original, jpeg.length, trailer.length);
        assertArrayEquals(jpeg, MetadataStripper.strip(original, PhotoType.JPEG));
    }

    @Test
    void refusesATruncatedJpeg() {
        byte[] jpeg = TestImages.jpeg(40, 30);
        InvalidPhotoException cut = assertThrows(InvalidPhotoException.class,
                () -> MetadataStripper.strip(Arrays.copyOf(jpeg, jpeg.length / 2), PhotoType.JPEG));
        assertTrue(cut.getMessage().contains("cut off"), cut.getMessage());
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(Arrays.copyOf(jpeg, 20), PhotoType.JPEG));
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(Arrays.copyOf(jpeg, jpeg.length - 2), PhotoType.JPEG),
                "without EOI the image data has no end");
    }

    @Test
    void refusesMalformedSegments() {
        byte[] exif = TestImages.exifSegment(ByteOrder.BIG_ENDIAN, null);
        byte[] overlong = TestImages.spliceAfterJfif(TestImages.jpeg(8, 8), exif);
        int app1 = TestImages.indexOf(overlong, new byte[] {(byte) 0xFF, (byte) 0xE1});
        overlong[app1 + 2] = (byte) 0xFF;
        overlong[app1 + 3] = (byte) 0xFF; // the segment claims to run 65535 bytes, past the end
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(overlong, PhotoType.JPEG));

        byte[] tooShort = TestImages.jpeg(8, 8);
        tooShort[4] = 0;
        tooShort[5] = 1; // a length below 2 is impossible
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(tooShort, PhotoType.JPEG));

        byte[] noMarker = TestImages.jpeg(8, 8);
        noMarker[2 + 2 + 16] = 0x12; // where the segment after APP0 should start with 0xFF
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(noMarker, PhotoType.JPEG));

        byte[] headerOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(headerOnly, PhotoType.JPEG));
    }

    @Test
    void refusesAbsurdDimensionsBeforeDecoding() {
        byte[] huge = TestImages.jpeg(8, 8);
        int sof = TestImages.sof0(huge);
        huge[sof + 5] = (byte) (13_000 >> 8);
        huge[sof + 6] = (byte) (13_000 & 0xFF); // height
        InvalidPhotoException e = assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(huge, PhotoType.JPEG));
        assertTrue(e.getMessage().contains("12000"), e.getMessage());

        byte[] empty = TestImages.jpeg(8, 8);
        int sof2 = TestImages.sof0(empty);
        empty[sof2 + 7] = 0;
        empty[sof2 + 8] = 0; // width 0
        assertThrows(InvalidPhotoException.class, () -> MetadataStripper.strip(empty, PhotoType.JPEG));

        byte[] edge = TestImages.jpeg(8, 8);
        int sof3 = TestImages.sof0(edge);
        edge[sof3 + 7] = (byte) (12_000 >> 8);
        edge[sof3 + 8] = (byte) (12_000 & 0xFF);
        assertEquals(12_000, MetadataStripper.clean(edge, PhotoType.JPEG).width(), "12000 itself is allowed");
    }

    static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }
}
