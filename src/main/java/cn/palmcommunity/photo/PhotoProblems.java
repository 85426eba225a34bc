package cn.palmcommunity.photo;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import java.util.List;

/**
 * The problems a photo upload can cause, each naming the form field ({@code photos[2]}) so the
 * client can mark the right thumbnail. The examples are for endpoints that take photos, to put into
 * their {@code @APIResponse} content, e.g.
 * {@code @ExampleObject(name = "photo-too-large", value = PhotoProblems.TOO_LARGE_EXAMPLE)}.
 */
public final class PhotoProblems {

    public static final String TOO_LARGE_EXAMPLE = """
            {"type":"https://palm.community/problems/photo-too-large","title":"Photo too large","status":413,\
            "detail":"photos[2] is larger than 5 MB","instance":"/api/petitions",\
            "errors":[{"field":"photos[2]","message":"must be at most 5 MB"}]}""";
    public static final String UNSUPPORTED_TYPE_EXAMPLE = """
            {"type":"https://palm.community/problems/unsupported-photo-type","title":"Unsupported photo type","status":415,\
            "detail":"photos[0] is not a JPEG, PNG or WebP image","instance":"/api/petitions",\
            "errors":[{"field":"photos[0]","message":"must be a JPEG, PNG or WebP image"}]}""";
    public static final String INVALID_EXAMPLE = """
            {"type":"https://palm.community/problems/validation","title":"Request is not valid","status":422,\
            "detail":"photos[1]: is cut off (the JPEG image data has no end)","instance":"/api/petitions",\
            "errors":[{"field":"photos[1]","message":"is cut off (the JPEG image data has no end)"}]}""";

    private PhotoProblems() {
    }

    public static ProblemException tooLarge(String field, long maxBytes) {
        String limit = describe(maxBytes);
        return new ProblemException(Problem.of(413, "photo-too-large", "Photo too large", field + " is larger than " + limit)
                .withErrors(List.of(new Problem.FieldError(field, "must be at most " + limit))));
    }

    public static ProblemException unsupportedType(String field) {
        return new ProblemException(Problem.of(415, "unsupported-photo-type", "Unsupported photo type",
                        field + " is not a JPEG, PNG or WebP image")
                .withErrors(List.of(new Problem.FieldError(field, "must be a JPEG, PNG or WebP image"))));
    }

    /** A photo whose structure is broken or whose size is absurd: well-formed request, unusable content. */
    public static ProblemException invalid(String field, InvalidPhotoException e) {
        return ProblemException.invalidField(field, e.getMessage());
    }

    public static ProblemException tooMany(String field, int max) {
        return ProblemException.invalidField(field, "at most " + max + " photos are allowed");
    }

    static String describe(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
