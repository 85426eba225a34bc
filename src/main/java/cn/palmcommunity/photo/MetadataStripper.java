package cn.palmcommunity.photo;

/**
 * Removes everything from a photo that is not needed to draw it: Exif (GPS position, camera,
 * time), XMP, IPTC, comments, text chunks, embedded thumbnails. Works on the container only (JPEG
 * segments, PNG chunks, RIFF chunks); the compressed pixels are copied untouched, so nothing is
 * re-encoded and no quality is lost.
 *
 * <p>On the way it checks the structure (a cut-off or inconsistent file is refused with an
 * {@link InvalidPhotoException}) and reads the declared pixel size, refusing anything over
 * {@link #MAX_SIDE} a side before any decoder is asked to allocate it.
 */
public final class MetadataStripper {

    /** Larger than any phone camera; beyond this a "photo" is a decompression bomb. */
    public static final int MAX_SIDE = 12_000;

    private MetadataStripper() {
    }

    public static byte[] strip(byte[] photo, PhotoType type) {
        return clean(photo, type).bytes();
    }

    /** The stripped bytes together with the width and height the headers declare. */
    public static StrippedImage clean(byte[] photo, PhotoType type) {
        return switch (type) {
            case JPEG -> JpegStripper.strip(photo);
            case PNG -> PngStripper.strip(photo);
            case WEBP -> WebpStripper.strip(photo);
        };
    }

    static void checkDimensions(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidPhotoException("declares an empty picture (" + width + "×" + height + " pixels)");
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new InvalidPhotoException("is " + width + "×" + height + " pixels; at most " + MAX_SIDE + " a side are accepted");
        }
    }
}
