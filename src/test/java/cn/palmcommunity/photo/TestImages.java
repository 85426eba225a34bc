package cn.palmcommunity.photo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Real, tiny images made in the test: encoded with ImageIO (JPEG, PNG) or byte by byte (WebP),
 * then given the metadata a phone would add, spliced in by hand.
 */
final class TestImages {

    /** The GPS latitude 36° 4' 12.34" as the three RATIONALs Exif stores it, in the given byte order. */
    static final long[] LATITUDE = {36, 1, 4, 1, 1234, 100};
    static final long[] LONGITUDE = {120, 1, 22, 1, 5678, 100};
    static final String CAMERA = "PalmCam X1";

    private TestImages() {
    }

    static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | 0x40);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpg");
    }

    static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    // ---------- JPEG ----------

    static byte[] segment(int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Inserts segments right after SOI and the JFIF APP0 segment, where cameras put Exif. */
    static byte[] spliceAfterJfif(byte[] jpeg, byte[]... segments) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        for (byte[] segment : segments) {
            out.writeBytes(segment);
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** An APP1 Exif segment: camera make, optional orientation, and a GPS IFD with latitude and longitude. */
    static byte[] exifSegment(ByteOrder order, Integer orientation) {
        int ifd0Entries = orientation == null ? 2 : 3;
        int ifd0 = 8;
        int make = ifd0 + 2 + 12 * ifd0Entries + 4;
        byte[] makeBytes = (CAMERA + "\0").getBytes(StandardCharsets.US_ASCII);
        int gps = make + makeBytes.length;
        int latitude = gps + 2 + 12 * 4 + 4;
        int longitude = latitude + 24;
        ByteBuffer tiff = ByteBuffer.allocate(longitude + 24).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        tiff.putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) ifd0Entries);
        entry(tiff, 0x010F, 2, makeBytes.length, make);
        if (orientation != null) {
            tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort(orientation.shortValue()).putShort((short) 0);
        }
        entry(tiff, 0x8825, 4, 1, gps);
        tiff.putInt(0);
        tiff.put(makeBytes);
        tiff.putShort((short) 4);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        entry(tiff, 0x0002, 5, 3, latitude);
        tiff.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'E', 0, 0, 0});
        entry(tiff, 0x0004, 5, 3, longitude);
        tiff.putInt(0);
        for (long v : LATITUDE) {
            tiff.putInt((int) v);
        }
        for (long v : LONGITUDE) {
            tiff.putInt((int) v);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        payload.writeBytes(tiff.array());
        return segment(0xE1, payload.toByteArray());
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    /** The GPS latitude as it sits in the file, to search for after stripping. */
    static byte[] latitudeBytes(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(24).order(order);
        for (long v : LATITUDE) {
            b.putInt((int) v);
        }
        return b.array();
    }

    static byte[] xmpSegment() {
        String xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF>"
                + "<rdf:Description exif:GPSLatitude=\"36,4.2057N\" exif:GPSLongitude=\"120,22.946E\"/></rdf:RDF></x:xmpmeta>";
        return segment(0xE1, xmp.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] commentSegment(String text) {
        return segment(0xFE, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] photoshopSegment() {
        return segment(0xED, "Photoshop 3.0\08BIM\u0004\u0004IPTC-City:Qingdao".getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] iccSegment() {
        byte[] payload = new byte[12 + 2 + 20];
        System.arraycopy("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII), 0, payload, 0, 12);
        payload[12] = 1;
        payload[13] = 1;
        return segment(0xE2, payload);
    }

    /** Replaces the JFIF APP0 with one that carries a 2×1 RGB thumbnail. */
    static byte[] withJfifThumbnail(byte[] jpeg) {
        int oldEnd = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(jpeg, 6, 12); // JFIF\0, version, units, densities
        payload.write(2);
        payload.write(1);
        payload.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segment(0xE0, payload.toByteArray()));
        out.write(jpeg, oldEnd, jpeg.length - oldEnd);
        return out.toByteArray();
    }

    /** Offset of the first SOF0 marker (ImageIO writes baseline JPEGs). */
    static int sof0(byte[] jpeg) {
        for (int i = 2; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i;
            }
        }
        throw new IllegalStateException("no SOF0");
    }

    // ---------- PNG ----------

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Inserts chunks right after IHDR (signature 8 bytes + IHDR 25 bytes). */
    static byte[] spliceAfterIhdr(byte[] png, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    static byte[] textChunk(String key, String value) {
        return chunk("tEXt", (key + "\0" + value).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An eXIf chunk: the same TIFF structure as a JPEG's Exif, without the "Exif\0\0" prefix. */
    static byte[] exifChunk() {
        return chunk("eXIf", exifTiff());
    }

    /** The TIFF structure inside an Exif APP1 segment (after its 4 marker/length bytes and "Exif\0\0"). */
    static byte[] exifTiff() {
        byte[] segment = exifSegment(ByteOrder.BIG_ENDIAN, null);
        byte[] tiff = new byte[segment.length - 10];
        System.arraycopy(segment, 10, tiff, 0, tiff.length);
        return tiff;
    }

    // ---------- WebP ----------

    /** Writes bits least-significant first, as VP8L reads them. */
    static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buffer;
        private int used;

        BitWriter put(long value, int bits) {
            for (int i = 0; i < bits; i++) {
                buffer |= ((value >>> i) & 1L) << used;
                used++;
                if (used == 8) {
                    out.write((int) buffer);
                    buffer = 0;
                    used = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            if (used > 0) {
                out.write((int) buffer);
            }
            return out.toByteArray();
        }
    }

    /**
     * A lossless (VP8L) bitstream of one pixel: no transforms, no colour cache, five single-symbol
     * prefix codes (so the pixel itself takes no bits). Width and height are stored minus one.
     */
    static byte[] vp8l1x1(int argb) {
        BitWriter bits = new BitWriter()
                .put(0, 14).put(0, 14) // width − 1, height − 1
                .put(1, 1).put(0, 3)   // alpha used, version 0
                .put(0, 1)             // no transform
                .put(0, 1)             // no colour cache
                .put(0, 1);            // no meta prefix codes
        int[] symbols = {(argb >>> 8) & 0xFF, (argb >>> 16) & 0xFF, argb & 0xFF, (argb >>> 24) & 0xFF};
        for (int symbol : symbols) { // green, red, blue, alpha: simple code, one 8-bit symbol
            bits.put(1, 1).put(0, 1).put(1, 1).put(symbol, 8);
        }
        bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // distance: simple code, one 1-bit symbol 0
        byte[] stream = bits.bytes();
        byte[] withSignature = new byte[stream.length + 1];
        withSignature[0] = 0x2F;
        System.arraycopy(stream, 0, withSignature, 1, stream.length);
        return withSignature;
    }

    static byte[] riffChunk(String fourCc, byte[] payload) {
        int padded = payload.length + (payload.length & 1);
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourCc.getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
        return b.array();
    }

    static byte[] webp(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
        return b.array();
    }

    static byte[] vp8x(int flags, int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) flags).put(new byte[3]);
        int w = width - 1;
        int h = height - 1;
        b.put((byte) w).put((byte) (w >> 8)).put((byte) (w >> 16));
        b.put((byte) h).put((byte) (h >> 8)).put((byte) (h >> 16));
        return riffChunk("VP8X", b.array());
    }

    /** A 1×1 WebP with EXIF (odd length, so padded) and XMP chunks, flagged in VP8X as the format wants. */
    static byte[] webpWithMetadata() {
        byte[] tiff = java.util.Arrays.copyOf(exifTiff(), exifTiff().length | 1); // odd length, so the chunk is padded
        return webp(vp8x(0x10 | 0x08 | 0x04, 1, 1),
                riffChunk("VP8L", vp8l1x1(0xFF336699)),
                riffChunk("EXIF", tiff),
                riffChunk("XMP ", "<x:xmpmeta><exif:GPSLatitude>36,4.2057N</exif:GPSLatitude></x:xmpmeta>".getBytes(StandardCharsets.UTF_8)));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean contains(byte[] haystack, String ascii) {
        return indexOf(haystack, ascii.getBytes(StandardCharsets.ISO_8859_1)) >= 0;
    }
}
