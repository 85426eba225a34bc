package cn.palmcommunity.photo;

/** Bounds-checked reads of the big- and little-endian integers image headers are made of. */
final class Bytes {

    private Bytes() {
    }

    static void require(byte[] data, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new InvalidPhotoException(what + " is cut off");
        }
    }

    static int u8(byte[] data, int offset) {
        return data[offset] & 0xFF;
    }

    static int u16be(byte[] data, int offset) {
        return (u8(data, offset) << 8) | u8(data, offset + 1);
    }

    static long u32be(byte[] data, int offset) {
        return ((long) u16be(data, offset) << 16) | u16be(data, offset + 2);
    }

    static int u16le(byte[] data, int offset) {
        return u8(data, offset) | (u8(data, offset + 1) << 8);
    }

    static int u24le(byte[] data, int offset) {
        return u16le(data, offset) | (u8(data, offset + 2) << 16);
    }

    static long u32le(byte[] data, int offset) {
        return u16le(data, offset) | ((long) u16le(data, offset + 2) << 16);
    }

    static void putU32le(byte[] data, int offset, long value) {
        data[offset] = (byte) value;
        data[offset + 1] = (byte) (value >>> 8);
        data[offset + 2] = (byte) (value >>> 16);
        data[offset + 3] = (byte) (value >>> 24);
    }

    static boolean matches(byte[] data, int offset, String ascii) {
        if (offset < 0 || offset > data.length - ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
