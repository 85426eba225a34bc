package cn.palmcommunity.photo;

import java.util.Optional;

/**
 * Recognises a photo by its magic bytes. File names and the part's Content-Type are the client's
 * claims; a renamed text file or a script saved as {@code .jpg} must not pass.
 */
public final class PhotoSniffer {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

    private PhotoSniffer() {
    }

    public static Optional<PhotoType> detect(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        if (startsWith(bytes, 0, JPEG)) {
            return Optional.of(PhotoType.JPEG);
        }
        if (startsWith(bytes, 0, PNG)) {
            return Optional.of(PhotoType.PNG);
        }
        if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP)) {
            return Optional.of(PhotoType.WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
