package cn.palmcommunity.http;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.resident.feed.FeedUploadRoute;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over the limit with a problem document before a byte of it is read
 * (the HTTP layer alone would answer 413 with an empty body). Multipart uploads (photos) may use the
 * whole HTTP limit; every other body is held to the much smaller JSON limit, since it is read into
 * memory. A chunked body that runs over the HTTP limit is still cut off by the HTTP layer. Department
 * feed rows ({@link FeedUploadRoute}) are streamed and may be as large as {@code palm.feed.max-upload-size}.
 */
@ApplicationScoped
public class BodyLimit {

    private final long uploadMaxBytes;
    private final long jsonMaxBytes;
    private final long feedMaxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize uploadMax,
                     @ConfigProperty(name = "palm.http.max-json-body-size") MemorySize jsonMax,
                     @ConfigProperty(name = "palm.feed.max-upload-size") MemorySize feedMax) {
        this.uploadMaxBytes = uploadMax.asLongValue();
        this.jsonMaxBytes = jsonMax.asLongValue();
        this.feedMaxBytes = feedMax.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            // Department feed rows are streamed, never held, by a route of their own with its own limit.
            long limit = FeedUploadRoute.isRowsPath(ctx.request().method().name(), ctx.normalizedPath()) ? feedMaxBytes
                    : type != null && type.regionMatches(true, 0, "multipart/", 0, 10) ? uploadMaxBytes : jsonMaxBytes;
            if (length != null && isOver(length, limit)) {
                tooLarge(ctx, limit);
                return;
            }
            ctx.next();
        }, 1000);
    }

    private static void tooLarge(RoutingContext ctx, long limit) {
        Problem problem = Problem.of(413, "payload-too-large", "Payload Too Large",
                "The request body is larger than " + limit / (1024 * 1024) + " MB").withInstance(ctx.normalizedPath());
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem));
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
