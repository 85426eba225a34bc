package cn.palmcommunity.photo;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What is known about a stored photo without its bytes; fit to embed in the owner's JSON. */
@Schema(name = "StoredPhoto", description = "A stored photo (metadata already removed)")
public record StoredPhoto(
        @Schema(example = "0f8e4c1a-7d8b-4f51-9a57-2c6d2b1e9f40") UUID id,
        @Schema(example = "image/jpeg") String mediaType,
        @Schema(description = "Bytes as stored and served", example = "482113") int size,
        @Schema(example = "1600") Integer width,
        @Schema(example = "1200") Integer height,
        @Schema(description = "SHA-256 of the stored bytes, hex", example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256) {
}
