package cn.palmcommunity.photo;

import java.util.UUID;

/** A stored photo with its bytes, as loaded for serving. */
public record PhotoContent(UUID id, PhotoType type, byte[] bytes, Integer width, Integer height, String sha256) {

    public String mediaType() {
        return type.mediaType();
    }
}
