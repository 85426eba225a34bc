package cn.palmcommunity.open311;

import jakarta.ws.rs.core.Response;

/** The two formats, chosen by the resource's suffix (services.xml, requests.json). */
enum Open311Format {
    JSON("json", "application/json; charset=utf-8"),
    XML("xml", "text/xml; charset=utf-8");

    private final String suffix;
    private final String contentType;

    Open311Format(String suffix, String contentType) {
        this.suffix = suffix;
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** The format a suffix names; any other suffix is a resource that does not exist. */
    static Open311Format of(String suffix) {
        for (Open311Format format : values()) {
            if (format.suffix.equals(suffix)) {
                return format;
            }
        }
        throw Open311Exception.notFound("Unknown format ." + suffix + "; use .xml or .json");
    }

    /** For errors: JSON when the path asked for it, else XML, the format every client must read. */
    static Open311Format ofPath(String path) {
        return path != null && path.endsWith(".json") ? JSON : XML;
    }

    /** A response whose root element is {@code root} in XML and which is {@code value} mapped to JSON. */
    Response render(int status, String root, Object value) {
        String body = this == JSON ? Open311Document.json(value) : Open311Document.xml(root, value);
        return Response.status(status).type(contentType).entity(body).build();
    }
}
