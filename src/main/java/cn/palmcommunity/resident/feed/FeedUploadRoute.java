package cn.palmcommunity.resident.feed;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.resident.IdNumberCipher;
import cn.palmcommunity.security.Claims;
import cn.palmcommunity.security.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code PUT /api/feeds/uploads/{id}/rows}: the rows of an announced upload, streamed. This is a
 * Vert.x route, not a REST resource, for two reasons: the body must never be held in memory (the
 * route reads it chunk by chunk and pauses the connection while a batch is written, so TCP holds
 * the sender back), and it may be far larger than the HTTP body limit, which Quarkus enforces on
 * every route at {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}; this route runs just before that
 * and keeps its own limit ({@code palm.feed.max-upload-size}). It authenticates the bearer token
 * with the application's JWT parser and answers problem documents like every other endpoint. The
 * OpenAPI description is in {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class FeedUploadRoute {

    private static final Logger LOG = Logger.getLogger(FeedUploadRoute.class);
    static final String PATH = "/api/feeds/uploads/:id/rows";

    private final JWTParser tokens;
    private final Pool pool;
    private final ValueWrites writes;
    private final IdNumberCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;
    private final long maxBytes;
    private final int batchSize;
    private final int lanes;

    public FeedUploadRoute(JWTParser tokens, Pool pool, ValueWrites writes, IdNumberCipher cipher, ObjectMapper json, Clock clock,
                           @ConfigProperty(name = "palm.feed.max-upload-size") MemorySize maxBytes,
                           @ConfigProperty(name = "palm.feed.batch-size") int batchSize,
                           @ConfigProperty(name = "palm.feed.lanes", defaultValue = "2") int lanes) {
        this.tokens = tokens;
        this.pool = pool;
        this.writes = writes;
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
        this.maxBytes = maxBytes.asLongValue();
        this.batchSize = batchSize;
        this.lanes = lanes;
    }

    void install(@Observes Router router) {
        router.put(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::receive);
    }

    /** The limit for this route's declared body, for the body-size filter that runs before any route. */
    public long maxBytes() {
        return maxBytes;
    }

    public static boolean isRowsPath(String method, String path) {
        return "PUT".equals(method) && path != null && path.startsWith("/api/feeds/uploads/") && path.endsWith("/rows");
    }

    private void receive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        JsonWebToken caller;
        try {
            caller = authenticate(request);
        } catch (ParseException e) {
            fail(ctx, Problem.of(401, "unauthorized", "Not authenticated", "A valid bearer token is required"));
            return;
        }
        if (caller == null) {
            fail(ctx, Problem.of(401, "unauthorized", "Not authenticated", "A valid bearer token is required"));
            return;
        }
        if (!caller.getGroups().contains(Role.DEPARTMENT_STAFF_NAME)) {
            fail(ctx, Problem.of(403, "forbidden", "Forbidden", "Only department accounts upload feed rows"));
            return;
        }
        String department = caller.getClaim(Claims.DEPARTMENT);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            fail(ctx, Problem.of(404, "not-found", "Upload not found", "Upload " + ctx.pathParam("id") + " does not exist"));
            return;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        FeedRecords.Format format = format(type);
        if (format == null) {
            fail(ctx, Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "Send text/csv or application/x-ndjson (JSON lines), optionally with charset=GBK"));
            return;
        }
        boolean gbk = type.toLowerCase(Locale.ROOT).matches(".*charset\\s*=\\s*\"?(gbk|gb2312|gb18030).*");
        OffsetDateTime now = OffsetDateTime.now(clock);
        pool.preparedQuery("""
                        UPDATE feed_upload SET status = 'RUNNING', format = $3, started_at = $4
                         WHERE id = $1 AND source = $2 AND status = 'WAITING' RETURNING feed, source""")
                .execute(Tuple.of(id, department, format.name(), now))
                .chain(claimed -> {
                    if (claimed.size() == 1) {
                        return pool.query("SELECT code, id FROM community").execute().map(rows -> {
                            Map<String, Long> communities = new HashMap<>();
                            rows.forEach(r -> communities.put(r.getString(0), r.getLong(1)));
                            Row upload = claimed.iterator().next();
                            return new FeedIngestion(new FeedBatch.Context(id, FeedKind.valueOf(upload.getString("feed")),
                                    upload.getString("source"), now), format, gbk, communities, pool, writes, cipher, json, batchSize, lanes);
                        });
                    }
                    return pool.preparedQuery("SELECT status, source FROM feed_upload WHERE id = $1").execute(Tuple.of(id))
                            .map(rows -> {
                                if (rows.size() == 0 || !rows.iterator().next().getString("source").equals(department)) {
                                    throw new Refused(Problem.of(404, "not-found", "Upload not found",
                                            "Upload " + id + " does not exist or is not visible to you"));
                                }
                                throw new Refused(Problem.of(409, "upload-not-waiting", "Conflict", "Upload " + id + " is "
                                        + rows.iterator().next().getString("status") + "; announce a new upload to send rows again"));
                            });
                })
                .subscribe().with(ingestion -> stream(ctx, id, ingestion), failure -> {
                    if (failure instanceof Refused refused) {
                        fail(ctx, refused.problem);
                    } else {
                        internal(ctx, failure);
                    }
                });
    }

    private void stream(RoutingContext ctx, long id, FeedIngestion ingestion) {
        HttpServerRequest request = ctx.request();
        AtomicBoolean over = new AtomicBoolean();
        AtomicBoolean paused = new AtomicBoolean();
        request.handler(chunk -> {
            if (over.get()) {
                return;
            }
            try {
                ingestion.accept(chunk.getBytes());
                if (ingestion.bytes() > maxBytes) {
                    throw new Refused(Problem.of(413, "payload-too-large", "Payload Too Large",
                            "An upload holds at most " + maxBytes / (1024 * 1024) + " MB; split the file"));
                }
            } catch (FeedText.UnreadableUpload e) {
                over.set(true);
                abandon(ctx, id, ingestion, e.getMessage(), Problem.of(422, "validation", "Request is not valid", "body: " + e.getMessage())
                        .withErrors(java.util.List.of(new Problem.FieldError("body", e.getMessage()))));
                return;
            } catch (Refused e) {
                over.set(true);
                abandon(ctx, id, ingestion, e.problem.detail(), e.problem);
                return;
            }
            ingestion.writeInBackground(failure -> {
                if (over.compareAndSet(false, true)) {
                    abandon(ctx, id, ingestion, "the rows could not be written", null);
                }
                LOG.errorf(failure, "Feed upload %d failed while writing", id);
            });
            if (ingestion.full()) {
                // Backpressure: TCP holds the sender back until the waiting batch is being written.
                paused.set(true);
                request.pause();
            }
        });
        ingestion.onRoom(() -> {
            if (paused.compareAndSet(true, false) && !over.get()) {
                request.resume();
            }
        });
        request.exceptionHandler(failure -> {
            if (over.compareAndSet(false, true)) {
                LOG.warnf("Feed upload %d: the connection failed (%s)", id, failure.getMessage());
                markFailed(id, ingestion, "the connection closed before the upload ended");
            }
        });
        request.endHandler(ignored -> {
            if (over.get()) {
                return;
            }
            try {
                ingestion.end();
            } catch (FeedText.UnreadableUpload e) {
                over.set(true);
                abandon(ctx, id, ingestion, e.getMessage(), Problem.of(422, "validation", "Request is not valid", "body: " + e.getMessage())
                        .withErrors(java.util.List.of(new Problem.FieldError("body", e.getMessage()))));
                return;
            }
            ingestion.writeRest()
                    .chain(() -> pool.preparedQuery("""
                                    UPDATE feed_upload SET status = 'DONE', encoding = $2, bytes_read = $3, finished_at = $4
                                     WHERE id = $1 RETURNING
                                    """ + FeedUploads.COLUMNS)
                            .execute(Tuple.of(id, ingestion.encoding(), ingestion.bytes(), OffsetDateTime.now(clock))))
                    .subscribe().with(rows -> {
                        try {
                            ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                    .end(json.writeValueAsString(FeedUploads.view(rows.iterator().next())));
                        } catch (JsonProcessingException e) {
                            internal(ctx, e);
                        }
                    }, failure -> {
                        if (over.compareAndSet(false, true)) {
                            LOG.errorf(failure, "Feed upload %d failed at its end", id);
                            abandon(ctx, id, ingestion, "the rows could not be written", null);
                        }
                    });
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // curl -T and other streaming clients wait for this before sending the body.
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** Ends the upload as FAILED (what was written stays written; a re-upload skips it) and answers. */
    private void abandon(RoutingContext ctx, long id, FeedIngestion ingestion, String reason, Problem problem) {
        markFailed(id, ingestion, reason);
        if (problem == null) {
            internal(ctx, new IllegalStateException(reason));
        } else {
            fail(ctx, problem);
        }
    }

    private void markFailed(long id, FeedIngestion ingestion, String reason) {
        pool.preparedQuery("UPDATE feed_upload SET status = 'FAILED', failure = $2, bytes_read = $3, finished_at = $4 WHERE id = $1")
                .execute(Tuple.of(id, reason, ingestion.bytes(), OffsetDateTime.now(clock)))
                .subscribe().with(ok -> { }, e -> LOG.warnf(e, "Could not mark feed upload %d failed", id));
    }

    private JsonWebToken authenticate(HttpServerRequest request) throws ParseException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return tokens.parse(header.substring(7).strip());
    }

    static FeedRecords.Format format(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> FeedRecords.Format.CSV;
            case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines" -> FeedRecords.Format.JSONL;
            default -> null;
        };
    }

    private void internal(RoutingContext ctx, Throwable failure) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure %s on %s", errorId, ctx.normalizedPath());
        fail(ctx, Problem.of(500, "internal", "Internal error", "Something went wrong on our side; quote error id " + errorId
                + " when reporting it"));
    }

    private static void fail(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        // The rest of the body is not read: close the connection once the answer is out.
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem.withInstance(ctx.normalizedPath())));
    }

    private static final class Refused extends RuntimeException {
        final Problem problem;

        Refused(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }
}
