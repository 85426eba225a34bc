package cn.palmcommunity.idempotency;

import cn.palmcommunity.http.DeviceIds;
import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Honours {@code Idempotency-Key} on endpoints marked {@link Idempotent}.
 *
 * <p>Rules, per owner (the account id from the access token; for anonymous callers
 * {@code anon:device:} + the {@code X-Device-Id} header, else {@code anon:ip:} + the client address):
 * <ul>
 * <li>No header: the request runs normally, every time.</li>
 * <li>A key that is not 1-200 visible ASCII characters: 400 naming {@code Idempotency-Key}.</li>
 * <li>First request with a key: claims it with one {@code INSERT ... ON CONFLICT} (a live row is left
 * alone, so of two concurrent requests exactly one claims) and runs. A 2xx-4xx answer is stored
 * (status, body, Location and Content-Type); a 5xx or an exception releases the claim so that a retry
 * runs again.</li>
 * <li>A retry with the same key, method, path and body: the stored answer is replayed exactly (same
 * status, body, Location) with {@code Idempotent-Replayed: true}; the endpoint does not run.</li>
 * <li>The same key with a different body, method or path: 422 {@code idempotency-key-reused}.</li>
 * <li>The same key while the first request is still running: 409 {@code idempotency-key-in-flight}
 * with {@code Retry-After: 1}. A claim left without an answer for longer than
 * {@code palm.idempotency.in-flight-timeout} (the server died mid-request) may be taken over.</li>
 * <li>Keys expire after {@code palm.idempotency.ttl} (24 hours); after that the key is new again, and
 * {@link IdempotencyKeys#purgeExpired()} deletes the rows.</li>
 * </ul>
 *
 * <p>The request filter runs after Quarkus REST has read the body ({@code @WithFormRead}) and before it
 * is deserialised, so the body can be hashed (see {@link RequestHash}) and still reach the endpoint.
 * The response filter turns the entity into its JSON text once, stores that text and sends it, so the
 * first answer and every replay are the same bytes.
 */
public class IdempotencyFilters {

    private static final Logger LOG = Logger.getLogger(IdempotencyFilters.class);
    private static final String CLAIM_PROPERTY = IdempotencyFilters.class.getName() + ".claim";
    private static final int MAX_KEY_LENGTH = 200;
    /** Response headers that belong to the answer and are replayed with it. */
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION, HttpHeaders.ETAG);

    private final IdempotencyKeys keys;
    private final CurrentIdentityAssociation identity;
    private final ObjectMapper json;
    private final Vertx vertx;

    public IdempotencyFilters(IdempotencyKeys keys, CurrentIdentityAssociation identity, ObjectMapper json, Vertx vertx) {
        this.keys = keys;
        this.identity = identity;
        this.json = json;
        this.vertx = vertx;
    }

    @Idempotent
    @WithFormRead
    @ServerRequestFilter
    public Uni<Response> claimOrReplay(ContainerRequestContext request, ServerRequestContext server, HttpServerRequest http) {
        List<String> values = request.getHeaders().get(IdempotencyKeys.HEADER);
        if (values == null || values.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String key = values.get(0);
        if (values.size() > 1 || !DeviceIds.isVisibleAscii(key, MAX_KEY_LENGTH)) {
            return Uni.createFrom().failure(invalidKey());
        }
        String method = request.getMethod();
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        String path = request.getUriInfo().getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        return owner(request, http)
                .onItem().transformToUni(owner -> RequestHash.of(request, server, vertx)
                        .onItem().transformToUni(hash -> keys.claim(new IdempotencyKeys.Fingerprint(owner, key, method, path, hash))
                                .map(outcome -> decide(request, outcome, method, path, hash))));
    }

    private Response decide(ContainerRequestContext request, IdempotencyKeys.Outcome outcome, String method, String path, byte[] hash) {
        if (outcome.claim() != null) {
            request.setProperty(CLAIM_PROPERTY, outcome.claim());
            return null;
        }
        IdempotencyKeys.Existing existing = outcome.existing();
        if (!existing.method().equals(method) || !existing.path().equals(path) || !MessageDigest.isEqual(existing.requestHash(), hash)) {
            throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new request")
                    .withErrors(List.of(new Problem.FieldError(IdempotencyKeys.HEADER, "was already used for a different request"))));
        }
        if (existing.status() == null) {
            throw new ProblemException(Problem.of(409, "idempotency-key-in-flight", "Request still in progress",
                    "A request with this Idempotency-Key is still being processed; retry in a moment"), 1);
        }
        return replay(existing);
    }

    private static Response replay(IdempotencyKeys.Existing stored) {
        Response.ResponseBuilder response = Response.status(stored.status()).header(IdempotencyKeys.REPLAYED_HEADER, "true");
        String contentType = null;
        for (Map.Entry<String, Object> header : stored.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                contentType = String.valueOf(header.getValue());
            } else {
                response.header(header.getKey(), header.getValue());
            }
        }
        if (stored.body() != null) {
            response.entity(stored.body()).type(contentType == null ? MediaType.APPLICATION_JSON : contentType);
        }
        return response.build();
    }

    @Idempotent
    @ServerResponseFilter
    public Uni<Void> keepAnswer(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM_PROPERTY) instanceof IdempotencyKeys.Claim claim)) {
            return Uni.createFrom().voidItem();
        }
        request.removeProperty(CLAIM_PROPERTY);
        int status = response.getStatus();
        if (status >= 500) {
            return release(claim);
        }
        String body;
        try {
            body = bodyText(response);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Answer on %s cannot be kept for Idempotency-Key replay (%s); the key is released", request.getUriInfo().getPath(), e.toString());
            return release(claim);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = response.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (body != null) {
            MediaType type = response.getMediaType() == null ? MediaType.APPLICATION_JSON_TYPE : response.getMediaType();
            headers.put(HttpHeaders.CONTENT_TYPE, type.toString());
            response.setEntity(body, new Annotation[0], type);
        }
        return keys.complete(claim, status, body, headers)
                .onItem().transformToUni(kept -> {
                    if (!kept) {
                        LOG.warnf("Idempotency-Key claim on %s was taken over before its answer was kept", request.getUriInfo().getPath());
                    }
                    return Uni.createFrom().voidItem();
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Answer for an Idempotency-Key on %s could not be kept; releasing the key", request.getUriInfo().getPath());
                    return release(claim);
                });
    }

    /** The entity as the text that is sent: JSON for objects, the string itself for strings. */
    private String bodyText(ContainerResponseContext response) throws JsonProcessingException {
        Object entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        if (entity instanceof String text) {
            return text;
        }
        MediaType type = response.getMediaType();
        boolean jsonType = type == null || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
        if (!jsonType || entity instanceof byte[] || entity instanceof java.io.InputStream) {
            throw new IllegalArgumentException("only JSON answers can be replayed, not " + type);
        }
        return json.writeValueAsString(entity);
    }

    private Uni<Void> release(IdempotencyKeys.Claim claim) {
        return keys.release(claim).onFailure().recoverWithUni(e -> {
            // The claim then lapses after the in-flight timeout.
            LOG.errorf(e, "Idempotency-Key claim could not be released");
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<String> owner(ContainerRequestContext request, HttpServerRequest http) {
        return identity.getDeferredIdentity().map(caller -> {
            String account = accountOf(caller);
            if (account != null) {
                return account;
            }
            String device = request.getHeaderString(DeviceIds.HEADER);
            if (DeviceIds.isValid(device)) {
                return "anon:device:" + device;
            }
            return "anon:ip:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        });
    }

    private static String accountOf(SecurityIdentity caller) {
        if (caller == null || caller.isAnonymous()) {
            return null;
        }
        if (caller.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return caller.getPrincipal() == null ? null : caller.getPrincipal().getName();
    }


    private static ProblemException invalidKey() {
        String message = "must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters, sent once";
        return new ProblemException(Problem.of(400, "invalid-idempotency-key", "Request is not valid", IdempotencyKeys.HEADER + " " + message)
                .withErrors(List.of(new Problem.FieldError(IdempotencyKeys.HEADER, message))));
    }
}
