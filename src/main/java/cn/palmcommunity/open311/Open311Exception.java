package cn.palmcommunity.open311;

import java.util.List;

/**
 * A failure as GeoReport v2 reports it: 404 for what does not exist, 403 for a missing or wrong
 * api_key, 400 for everything else; the body lists code and description, meant for the user.
 */
public class Open311Exception extends RuntimeException {

    private final int status;

    Open311Exception(int status, String description) {
        super(description, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static Open311Exception badRequest(String description) {
        return new Open311Exception(400, description);
    }

    static Open311Exception forbidden(String description) {
        return new Open311Exception(403, description);
    }

    static Open311Exception notFound(String description) {
        return new Open311Exception(404, description);
    }

    /** The error document: {@code <errors><error><code>…</code><description>…</description></error></errors>}. */
    Open311Document.Items errors() {
        return new Open311Document.Items("error", List.of(Open311Document.fields("code", status, "description", getMessage())));
    }
}
