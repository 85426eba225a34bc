package cn.palmcommunity.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves the server as an RFC 9457 problem document. Nothing here ever echoes a stack
 * trace or an exception message from a library: clients get a stable title and the fields to fix.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.problem(), uri);
        if (e.retryAfterSeconds() > 0) {
            response.getHeaders().putSingle("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return respond(Problem.of(422, "validation", "Request is not valid", "Not valid: " + fields)
                .withErrors(errors), uri);
    }

    /** Declared separately: Quarkus ships its own mapper for this subtype, and the closest match wins. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonParseException) {
            return respond(Problem.of(400, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON (line " + e.getLocation().getLineNr() + ")"), uri);
        }
        String field = e instanceof JsonMappingException m ? pathOf(m) : "";
        String message = "has the wrong type";
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be one of " + List.of(f.getTargetType().getEnumConstants());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "must be " + describe(m.getTargetType());
        }
        if (field.isEmpty()) {
            return respond(Problem.of(400, "malformed-json", "Malformed JSON", "The request body does not have the expected shape"), uri);
        }
        return respond(Problem.of(400, "wrong-type", "Request is not valid", field + " " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return respond(Problem.of(401, "unauthorized", "Not authenticated",
                "A valid access token is required (it may be missing, expired, or not issued by this server)"), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "Your account may not do this"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No such resource: " + uri.getPath();
            case 405 -> "This method is not allowed here";
            case 406 -> "This resource answers only application/json";
            case 413 -> "The request body is too large";
            case 415 -> "The request body must be sent as application/json";
            default -> title;
        };
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return respond(Problem.of(status, slug(title), title, detail), uri);
    }

    /** The last resort: database failures that mean a conflict, and the truly unexpected. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException p) {
                return problem(p, uri);
            }
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return respond(Problem.of(409, "concurrent-update", "Changed by someone else",
                        "Someone else changed this record at the same time; reload it and try again"), uri);
            }
            if (cause instanceof PgException pg) {
                Problem mapped = fromDatabase(pg);
                if (mapped != null) {
                    return respond(mapped, uri);
                }
            }
            if (cause instanceof ConstraintViolationException cve) {
                return validation(cve, uri);
            }
            if (cause instanceof java.io.IOException) {
                // The client's body broke off or ran over the limit while being read: their side, not ours.
                LOG.debugf("Unreadable request body on %s: %s", uri == null ? "?" : uri.getPath(), cause.getMessage());
                return respond(Problem.of(400, "unreadable-body", "Request body could not be read", "The request body was cut off or too large"), uri);
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s on %s", errorId, uri == null ? "?" : uri.getPath());
        return respond(Problem.of(500, "internal", "Internal error",
                "Something went wrong on our side; quote error id " + errorId + " when reporting it"), uri);
    }

    private static Problem fromDatabase(PgException pg) {
        String state = pg.getSqlState();
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "23505" -> Problem.of(409, "duplicate", "Already exists", "A record with the same unique value already exists");
            case "23503" -> Problem.of(409, "reference", "Referenced record missing or in use", "A referenced record does not exist or is still in use");
            case "40001", "40P01" -> Problem.of(409, "concurrent-update", "Changed by someone else", "Concurrent update; try again");
            default -> null;
        };
    }

    static Response respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null ? problem : problem.withInstance(uri.getPath());
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withInstance);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    /** Turns {@code login.request.address.street} into {@code address.street}: the client's own names. */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // Hibernate Validator puts a list index on the node after the list: records[0].text.
                if (node.isInIterable() && !names.isEmpty() && (node.getIndex() != null || node.getKey() != null)) {
                    int last = names.size() - 1;
                    names.set(last, names.get(last) + "[" + (node.getIndex() != null ? node.getIndex() : node.getKey()) + "]");
                }
                String name = node.getName();
                if (name != null && !name.isEmpty() && !name.startsWith("<")) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? "request" : parameter;
        }
        return String.join(".", names);
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
