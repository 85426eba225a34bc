package cn.palmcommunity.photo;

/** The image formats a photo may have. Decided by the file's bytes ({@link PhotoSniffer}), never its name. */
public enum PhotoType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp");

    private final String mediaType;

    PhotoType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static PhotoType ofMediaType(String mediaType) {
        for (PhotoType type : values()) {
            if (type.mediaType.equals(mediaType)) {
                return type;
            }
        }
        throw new IllegalArgumentException("not a photo media type: " + mediaType);
    }
}
