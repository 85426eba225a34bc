package cn.palmcommunity.openapi;

/** Names of the shared error responses in the OpenAPI components, for {@code @APIResponse(ref = ...)}. */
public final class ProblemResponses {
    public static final String MALFORMED = "MalformedRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String TOO_LARGE = "PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA = "UnsupportedMediaType";
    public static final String INVALID = "Invalid";
    public static final String TOO_MANY = "TooManyRequests";
    public static final String INTERNAL = "InternalError";
    public static final String UNAVAILABLE = "Unavailable";
    public static final String BAD_GATEWAY = "BadGateway";

    private ProblemResponses() {
    }
}
