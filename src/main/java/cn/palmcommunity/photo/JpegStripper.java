package cn.palmcommunity.photo;

import java.io.ByteArrayOutputStream;

import static cn.palmcommunity.photo.Bytes.matches;
import static cn.palmcommunity.photo.Bytes.require;
import static cn.palmcommunity.photo.Bytes.u16be;
import static cn.palmcommunity.photo.Bytes.u8;

/**
 * Walks a JPEG's marker segments (ITU T.81, Annex B) and copies only what a decoder needs: the
 * frame and scan headers, tables, the entropy-coded data, JFIF (without its thumbnail), ICC
 * profiles and the Adobe colour-transform marker. Everything after EOI is dropped too: phones
 * append depth maps and secondary images there.
 *
 * <p>One piece of Exif is kept on purpose: a non-default Orientation, rewritten into a fresh
 * Exif segment holding that single tag. Phones store portrait photos sideways and rely on it;
 * without it a petition's photo would show on its side. Nothing else of the original survives.
 */
final class JpegStripper {

    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TIFF_SHORT = 3;

    private JpegStripper() {
    }

    static StrippedImage strip(byte[] in) {
        if (in.length < 4 || u8(in, 0) != 0xFF || u8(in, 1) != SOI) {
            throw new InvalidPhotoException("is not a JPEG");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(0xFF);
        out.write(SOI);
        int pos = 2;
        int width = 0;
        int height = 0;
        boolean frame = false;
        boolean scan = false;
        boolean orientationKept = false;
        while (true) {
            require(in, pos, 1, "the JPEG");
            if (u8(in, pos) != 0xFF) {
                throw new InvalidPhotoException("has a damaged JPEG segment at byte " + pos);
            }
            while (pos < in.length && u8(in, pos) == 0xFF) {
                pos++; // fill bytes may precede any marker
            }
            require(in, pos, 1, "the JPEG");
            int marker = u8(in, pos++);
            if (marker == EOI) {
                if (!scan) {
                    throw new InvalidPhotoException("has no image data");
                }
                out.write(0xFF);
                out.write(EOI);
                break;
            }
            if (marker == TEM) {
                continue;
            }
            if (marker == 0x00 || marker == SOI || (marker >= RST0 && marker <= RST7)) {
                throw new InvalidPhotoException("has a misplaced JPEG marker at byte " + (pos - 1));
            }
            require(in, pos, 2, "a JPEG segment");
            int length = u16be(in, pos);
            if (length < 2) {
                throw new InvalidPhotoException("has a JPEG segment with an impossible length at byte " + pos);
            }
            require(in, pos, length, "a JPEG segment");
            int payload = pos + 2;
            int end = pos + length;
            if (isStartOfFrame(marker)) {
                if (length < 8) {
                    throw new InvalidPhotoException("has a damaged JPEG frame header");
                }
                int frameHeight = u16be(in, payload + 1);
                int frameWidth = u16be(in, payload + 3);
                MetadataStripper.checkDimensions(frameWidth, frameHeight);
                if (!frame) {
                    width = frameWidth;
                    height = frameHeight;
                    frame = true;
                }
            }
            if (marker == APP0) {
                writeJfifWithoutThumbnail(in, payload, end, out);
            } else if (marker == APP1) {
                int orientation = orientation(in, payload, end);
                if (orientation > 1 && !orientationKept) {
                    writeOrientationOnly(orientation, out);
                    orientationKept = true;
                }
            } else if (keep(marker, in, payload, end)) {
                out.write(0xFF);
                out.write(marker);
                out.write(in, pos, length);
            }
            pos = end;
            if (marker == SOS) {
                if (!frame) {
                    throw new InvalidPhotoException("has image data before its frame header");
                }
                scan = true;
                int dataEnd = endOfEntropyCodedData(in, pos);
                out.write(in, pos, dataEnd - pos);
                pos = dataEnd;
            }
        }
        return new StrippedImage(PhotoType.JPEG, out.toByteArray(), width, height);
    }

    /** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean keep(int marker, byte[] in, int payload, int end) {
        if (marker == COM) {
            return false;
        }
        if (marker >= APP0 && marker <= APP15) {
            // Colour needs these two; every other APPn (Photoshop IPTC in APP13, MPF, vendor data) goes.
            return (marker == APP2 && matches(in, payload, "ICC_PROFILE\0") && end - payload >= 12)
                    || (marker == APP14 && matches(in, payload, "Adobe") && end - payload >= 5);
        }
        return true;
    }

    /** JFIF's own thumbnail is a picture of the original: copy the header with a 0×0 thumbnail. */
    private static void writeJfifWithoutThumbnail(byte[] in, int payload, int end, ByteArrayOutputStream out) {
        if (end - payload < 14 || !matches(in, payload, "JFIF\0")) {
            return; // JFXX thumbnails and malformed APP0 are not needed to decode
        }
        out.write(0xFF);
        out.write(APP0);
        out.write(0);
        out.write(16);
        out.write(in, payload, 12); // identifier, version, units, densities
        out.write(0);
        out.write(0);
    }

    /** The Orientation tag (1–8) of an Exif APP1 segment's first IFD, or 0 when there is none. */
    static int orientation(byte[] in, int payload, int end) {
        if (end - payload < 14 || !matches(in, payload, "Exif\0\0")) {
            return 0;
        }
        int tiff = payload + 6;
        boolean little;
        if (matches(in, tiff, "II")) {
            little = true;
        } else if (matches(in, tiff, "MM")) {
            little = false;
        } else {
            return 0;
        }
        if (read16(in, tiff + 2, little) != 42) {
            return 0;
        }
        long ifdOffset = read32(in, tiff + 4, little);
        if (ifdOffset < 8 || ifdOffset > end - tiff - 2L) {
            return 0;
        }
        int ifd = tiff + (int) ifdOffset;
        int entries = read16(in, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return 0;
            }
            if (read16(in, entry, little) == ORIENTATION_TAG) {
                int value = read16(in, entry + 8, little);
                boolean single = read16(in, entry + 2, little) == TIFF_SHORT && read32(in, entry + 4, little) == 1;
                return single && value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    /** A minimal big-endian Exif segment: IFD0 with the Orientation tag alone, no further IFDs. */
    private static void writeOrientationOnly(int orientation, ByteArrayOutputStream out) {
        byte[] segment = {
            (byte) 0xFF, (byte) APP1, 0, 34,
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            0x01, 0x12, 0, TIFF_SHORT, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0
        };
        out.write(segment, 0, segment.length);
    }

    /**
     * Where a scan's entropy-coded data ends: at the first marker that is neither a stuffed 0xFF00
     * nor a restart marker. Running off the end means the file was cut short.
     */
    private static int endOfEntropyCodedData(byte[] in, int pos) {
        int last = in.length - 1;
        while (pos < last) {
            if (in[pos] != (byte) 0xFF) {
                pos++;
                continue;
            }
            int next = u8(in, pos + 1);
            if (next == 0x00 || (next >= RST0 && next <= RST7)) {
                pos += 2;
            } else if (next == 0xFF) {
                pos++;
            } else {
                return pos;
            }
        }
        throw new InvalidPhotoException("is cut off (the JPEG image data has no end)");
    }

    private static int read16(byte[] in, int offset, boolean little) {
        return little ? Bytes.u16le(in, offset) : u16be(in, offset);
    }

    private static long read32(byte[] in, int offset, boolean little) {
        return little ? Bytes.u32le(in, offset) : Bytes.u32be(in, offset);
    }
}
