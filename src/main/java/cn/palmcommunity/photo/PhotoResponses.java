package cn.palmcommunity.photo;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Builds the HTTP answer for a photo an owner's endpoint has decided to show. Photos never change
 * (a new photo is a new id), so the SHA-256 is a strong ETag and a day of caching is safe;
 * {@code private} because whether someone may see it depends on who asks.
 *
 * <p>The answer is a plain {@link Response}, not a {@code RestResponse<byte[]>}: Quarkus REST 3.34
 * picks the writer for a typed {@code RestResponse<byte[]>} (or {@code <Buffer>}) at build time, and
 * under {@code @Produces({"image/jpeg", "image/png", "image/webp"})} it writes the body with
 * {@code toString()} ("[B@1b2c3d"). For a {@code Response} the writer is chosen from the entity at
 * run time, which is right for every type and every Accept header. Declare the endpoint like this
 * (the explicit 200 content gives the contract a binary schema):
 * <pre>{@code
 * @GET @Path("/{id}/photos/{photoId}")
 * @Produces({"image/jpeg", "image/png", "image/webp"})
 * @APIResponse(responseCode = "200", description = "The photo, metadata removed", content = {
 *     @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
 *     @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
 *     @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
 * @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
 * public Uni<Response> photo(..., @HeaderParam("If-None-Match") String ifNoneMatch) {
 *     return checkAccess(...).chain(() -> photos.load(photoId)).map(p -> PhotoResponses.of(p, ifNoneMatch));
 * }
 * }</pre>
 */
public final class PhotoResponses {

    public static final String CACHE_CONTROL = "private, max-age=86400";

    private PhotoResponses() {
    }

    public static Response of(PhotoContent photo) {
        return Response.ok(photo.bytes(), photo.mediaType())
                .header(HttpHeaders.CONTENT_LENGTH, photo.bytes().length)
                .tag(etag(photo))
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /**
     * As {@link #of(PhotoContent)}, or 304 Not Modified without a body when the client's
     * {@code If-None-Match} already names this photo's ETag.
     */
    public static Response of(PhotoContent photo, String ifNoneMatch) {
        if (matches(ifNoneMatch, photo.sha256())) {
            return Response.notModified(etag(photo))
                    .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                    .build();
        }
        return of(photo);
    }

    static EntityTag etag(PhotoContent photo) {
        return new EntityTag(photo.sha256());
    }

    /** RFC 9110 13.1.2: a list of entity tags or "*", compared weakly. */
    static boolean matches(String ifNoneMatch, String sha256) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String quoted = "\"" + sha256 + "\"";
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(quoted)) {
                return true;
            }
        }
        return false;
    }
}
