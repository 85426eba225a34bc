package cn.palmcommunity.photo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;

import static cn.palmcommunity.photo.Bytes.require;
import static cn.palmcommunity.photo.Bytes.u32be;

/**
 * Copies a PNG's critical chunks and the ancillary chunks that change how it looks; drops eXIf,
 * tEXt, zTXt, iTXt, tIME and anything unknown. Every kept chunk's CRC is checked, so damaged data
 * is refused rather than stored.
 */
final class PngStripper {

    private static final int SIGNATURE_LENGTH = 8;
    private static final Set<String> KEPT = Set.of(
            "IHDR", "PLTE", "IDAT", "IEND",
            "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "pHYs", "sBIT", "bKGD");

    private PngStripper() {
    }

    static StrippedImage strip(byte[] in) {
        if (PhotoSniffer.detect(in).orElse(null) != PhotoType.PNG) {
            throw new InvalidPhotoException("is not a PNG");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, SIGNATURE_LENGTH);
        int pos = SIGNATURE_LENGTH;
        long width = 0;
        long height = 0;
        boolean header = false;
        boolean data = false;
        while (true) {
            require(in, pos, 8, "the PNG");
            long length = u32be(in, pos);
            if (length > Integer.MAX_VALUE - 12 || length > in.length - pos - 12L) {
                throw new InvalidPhotoException("is cut off (a PNG chunk runs past the end)");
            }
            String type = chunkType(in, pos + 4);
            int chunkLength = (int) length + 12;
            if (!header) {
                if (!type.equals("IHDR") || length != 13) {
                    throw new InvalidPhotoException("does not start with a PNG image header");
                }
                width = u32be(in, pos + 8);
                height = u32be(in, pos + 12);
                MetadataStripper.checkDimensions(width, height);
                header = true;
            }
            if (KEPT.contains(type)) {
                checkCrc(in, pos, (int) length, type);
                out.write(in, pos, chunkLength);
            } else if (Character.isUpperCase(type.charAt(0))) {
                // An unknown critical chunk: no decoder could draw this image correctly.
                throw new InvalidPhotoException("has an unknown critical PNG chunk " + type);
            }
            pos += chunkLength;
            data |= type.equals("IDAT");
            if (type.equals("IEND")) {
                break; // whatever follows IEND is not part of the image
            }
        }
        if (!data) {
            throw new InvalidPhotoException("has no image data");
        }
        return new StrippedImage(PhotoType.PNG, out.toByteArray(), (int) width, (int) height);
    }

    private static String chunkType(byte[] in, int offset) {
        for (int i = 0; i < 4; i++) {
            byte b = in[offset + i];
            if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) {
                throw new InvalidPhotoException("has a damaged PNG chunk at byte " + (offset - 4));
            }
        }
        return new String(in, offset, 4, StandardCharsets.US_ASCII);
    }

    private static void checkCrc(byte[] in, int pos, int length, String type) {
        CRC32 crc = new CRC32();
        crc.update(in, pos + 4, length + 4);
        if (crc.getValue() != u32be(in, pos + 8 + length)) {
            throw new InvalidPhotoException("has a damaged PNG " + type + " chunk (checksum mismatch)");
        }
    }
}
