package cn.palmcommunity.photo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static cn.palmcommunity.photo.Bytes.putU32le;
import static cn.palmcommunity.photo.Bytes.u16le;
import static cn.palmcommunity.photo.Bytes.u24le;
import static cn.palmcommunity.photo.Bytes.u32le;
import static cn.palmcommunity.photo.Bytes.u8;

/**
 * Rewrites a WebP's RIFF container without its EXIF and XMP chunks (and any chunk the format does
 * not define), clears the matching VP8X flags and sets the RIFF size to what is left.
 */
final class WebpStripper {

    private static final int HEADER_LENGTH = 12;
    private static final int VP8X_EXIF = 0x08;
    private static final int VP8X_XMP = 0x04;
    private static final Set<String> KEPT = Set.of("VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP");

    private WebpStripper() {
    }

    static StrippedImage strip(byte[] in) {
        if (PhotoSniffer.detect(in).orElse(null) != PhotoType.WEBP) {
            throw new InvalidPhotoException("is not a WebP");
        }
        long riffSize = u32le(in, 4);
        if (riffSize < 4 + 8 || riffSize > in.length - 8L) {
            throw new InvalidPhotoException("is cut off (the RIFF container is longer than the file)");
        }
        int end = 8 + (int) riffSize; // bytes after the RIFF container are not part of the image
        ByteArrayOutputStream out = new ByteArrayOutputStream(end);
        out.write(in, 0, HEADER_LENGTH);
        int pos = HEADER_LENGTH;
        long width = 0;
        long height = 0;
        int vp8xFlagsAt = -1;
        boolean image = false;
        while (pos < end) {
            if (end - pos < 8) {
                throw new InvalidPhotoException("has a damaged WebP chunk at byte " + pos);
            }
            String fourCc = new String(in, pos, 4, StandardCharsets.US_ASCII);
            long size = u32le(in, pos + 4);
            long padded = size + (size & 1);
            if (padded > end - pos - 8L) {
                throw new InvalidPhotoException("is cut off (a WebP chunk runs past the end)");
            }
            int payload = pos + 8;
            int next = payload + (int) padded;
            boolean first = pos == HEADER_LENGTH;
            if (first && !(fourCc.equals("VP8X") || fourCc.equals("VP8 ") || fourCc.equals("VP8L"))) {
                throw new InvalidPhotoException("does not start with a WebP image chunk");
            }
            switch (fourCc) {
                case "VP8X" -> {
                    if (!first || size < 10) {
                        throw new InvalidPhotoException("has a damaged WebP extended header");
                    }
                    width = 1L + u24le(in, payload + 4);
                    height = 1L + u24le(in, payload + 7);
                    MetadataStripper.checkDimensions(width, height);
                    vp8xFlagsAt = out.size() + 8;
                }
                case "VP8 ", "VP8L" -> {
                    long[] frame = fourCc.equals("VP8 ") ? lossyDimensions(in, payload, size) : losslessDimensions(in, payload, size);
                    if (vp8xFlagsAt < 0) {
                        width = frame[0];
                        height = frame[1];
                    }
                    image = true;
                }
                case "ANMF" -> image = true;
                default -> {
                    // EXIF, "XMP " and chunks the format does not define are left out.
                }
            }
            if (KEPT.contains(fourCc)) {
                out.write(in, pos, next - pos);
            }
            pos = next;
        }
        if (!image) {
            throw new InvalidPhotoException("has no image data");
        }
        byte[] bytes = out.toByteArray();
        if (vp8xFlagsAt >= 0) {
            bytes[vp8xFlagsAt] = (byte) (bytes[vp8xFlagsAt] & ~(VP8X_EXIF | VP8X_XMP));
        }
        putU32le(bytes, 4, bytes.length - 8L);
        return new StrippedImage(PhotoType.WEBP, bytes, (int) width, (int) height);
    }

    /** VP8 key frame header (RFC 6386, 9.1): 3-byte frame tag, start code 9D 01 2A, 14-bit sizes. */
    private static long[] lossyDimensions(byte[] in, int payload, long size) {
        if (size < 10 || (u8(in, payload) & 1) != 0
                || u8(in, payload + 3) != 0x9D || u8(in, payload + 4) != 0x01 || u8(in, payload + 5) != 0x2A) {
            throw new InvalidPhotoException("has a damaged WebP VP8 header");
        }
        long width = u16le(in, payload + 6) & 0x3FFF;
        long height = u16le(in, payload + 8) & 0x3FFF;
        MetadataStripper.checkDimensions(width, height);
        return new long[] {width, height};
    }

    /** VP8L header: signature 0x2F, then 14 bits width−1 and 14 bits height−1, little-endian. */
    private static long[] losslessDimensions(byte[] in, int payload, long size) {
        if (size < 5 || u8(in, payload) != 0x2F) {
            throw new InvalidPhotoException("has a damaged WebP VP8L header");
        }
        long bits = u32le(in, payload + 1);
        long width = (bits & 0x3FFF) + 1;
        long height = ((bits >>> 14) & 0x3FFF) + 1;
        MetadataStripper.checkDimensions(width, height);
        return new long[] {width, height};
    }
}
