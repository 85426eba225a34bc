package cn.palmcommunity.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document. {@code errors} names every field that is wrong, so a phone form can
 * put each message next to its input.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(example = "https://palm.community/problems/validation") String type,
        @Schema(example = "Request is not valid") String title,
        @Schema(example = "422") int status,
        @Schema(example = "2 fields are not valid") String detail,
        @Schema(example = "/api/auth/login") String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://palm.community/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of());
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    /** One wrong field: its JSON path as the client sent it, and what is wrong with it. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(example = "password") String field,
            @Schema(example = "must not be blank") String message) {
    }
}
