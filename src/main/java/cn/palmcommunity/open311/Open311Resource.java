package cn.palmcommunity.open311;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static cn.palmcommunity.open311.Open311Document.fields;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over our petitions, so existing civic
 * clients can file and follow them. The format is the resource's suffix, .xml or .json. Every error
 * under /open311, whatever its cause, is GeoReport's error list (400, 403 or 404), never a problem
 * document: the exception mapper below is declared in this class, so it takes precedence here.
 *
 * <p>Not in the OpenAPI document: the GeoReport spec is these routes' contract, and their suffix
 * formats and error shape do not fit our problem-document conventions. The key administration
 * that goes with them is at /api/open311/keys.
 */
@Path("/open311")
@PermitAll
public class Open311Resource {

    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    private static final Logger LOG = Logger.getLogger(Open311Resource.class);

    private final Open311Services services;
    private final Open311Requests requests;
    private final String contact;
    private final String keyService;

    public Open311Resource(Open311Services services, Open311Requests requests,
                           @ConfigProperty(name = "palm.open311.contact",
                                   defaultValue = "市北区掌上社区 民意诉求 Open311 接口 / Shibei district petitions (Palm Community)") String contact,
                           @ConfigProperty(name = "palm.open311.key-service",
                                   defaultValue = "API 密钥由区管理员签发 / API keys are issued by the district administrator") String keyService) {
        this.services = services;
        this.requests = requests;
        this.contact = contact;
        this.keyService = keyService;
    }

    @GET
    @Path("v2/discovery.{format}")
    @Operation(hidden = true)
    public Uni<Response> discovery(@PathParam("format") String format, @Context UriInfo uri) {
        Open311Format as = Open311Format.of(format);
        String url = uri.getBaseUriBuilder().path("open311/v2").build().toString();
        return services.changeset().map(changeset -> as.render(200, "discovery", fields(
                "changeset", changeset, "contact", contact, "key_service", keyService,
                "endpoints", new Open311Document.Items("endpoint", List.of(fields(
                        "specification", SPECIFICATION, "url", url, "changeset", changeset, "type", "production",
                        "formats", new Open311Document.Items("format", List.of("application/json", "text/xml"))))))));
    }

    @GET
    @Path("v2/services.{format}")
    @Operation(hidden = true)
    public Uni<Response> services(@PathParam("format") String format, @QueryParam("lang") String lang) {
        Open311Format as = Open311Format.of(format);
        return services.active().map(list -> as.render(200, "services",
                new Open311Document.Items("service", list.stream().map(s -> s.document(english(lang))).toList())));
    }

    @GET
    @Path("v2/services/{service_code}.{format}")
    @Operation(hidden = true)
    public Uni<Response> definition(@PathParam("service_code") String code, @PathParam("format") String format,
                                    @QueryParam("lang") String lang) {
        Open311Format as = Open311Format.of(format);
        return services.active(code).map(service -> as.render(200, "service_definition", service.definition(english(lang))));
    }

    /** The body is read as text and parsed here, so a wrong content type is GeoReport's 400 too, not JAX-RS's 415. */
    @POST
    @Path("v2/requests.{format}")
    @Operation(hidden = true)
    public Uni<Response> file(@PathParam("format") String format, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                              @QueryParam("lang") String lang, String body) {
        Open311Format as = Open311Format.of(format);
        return requests.file(Open311Form.parse(contentType, body), english(lang))
                .map(created -> as.render(200, "service_requests", created));
    }

    @GET
    @Path("v2/requests.{format}")
    @Operation(hidden = true)
    public Uni<Response> list(@PathParam("format") String format, @QueryParam("service_request_id") String ids,
                              @QueryParam("service_code") String serviceCodes, @QueryParam("start_date") String startDate,
                              @QueryParam("end_date") String endDate, @QueryParam("status") String status,
                              @QueryParam("lang") String lang) {
        Open311Format as = Open311Format.of(format);
        RequestQuery query = RequestQuery.parse(ids, serviceCodes, startDate, endDate, status, OffsetDateTime.now());
        return requests.find(query, english(lang)).map(found -> as.render(200, "service_requests", found));
    }

    @GET
    @Path("v2/requests/{service_request_id}.{format}")
    @Operation(hidden = true)
    public Uni<Response> one(@PathParam("service_request_id") String id, @PathParam("format") String format,
                             @QueryParam("lang") String lang) {
        Open311Format as = Open311Format.of(format);
        return requests.one(id, english(lang)).map(found -> as.render(200, "service_requests", found));
    }

    @GET
    @Path("v2/tokens/{token}.{format}")
    @Operation(hidden = true)
    public Uni<Response> token(@PathParam("token") String token, @PathParam("format") String format) {
        Open311Format as = Open311Format.of(format);
        return requests.token(token).map(found -> as.render(200, "service_requests", found));
    }

    // Anything else under /open311 (no suffix, a wrong method) is a resource that does not exist,
    // answered here so that it too gets GeoReport's error list. Quarkus REST picks routes by method
    // first, so each method needs its own catch-all.

    @GET
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownGet(@Context UriInfo uri) {
        throw unknown(uri);
    }

    @POST
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPost(@Context UriInfo uri) {
        throw unknown(uri);
    }

    @PUT
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPut(@Context UriInfo uri) {
        throw unknown(uri);
    }

    @DELETE
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownDelete(@Context UriInfo uri) {
        throw unknown(uri);
    }

    @PATCH
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPatch(@Context UriInfo uri) {
        throw unknown(uri);
    }

    private static Open311Exception unknown(UriInfo uri) {
        return Open311Exception.notFound("There is no Open311 resource at " + uri.getPath()
                + "; the service list is at /open311/v2/services.xml (or .json)");
    }

    /** Every failure in this class, in GeoReport's error format, XML unless the path asked for JSON. */
    @ServerExceptionMapper
    public Response error(Throwable e, UriInfo uri) {
        Open311Exception failure = asOpen311(e, uri);
        return Open311Format.ofPath(uri.getPath()).render(failure.status(), "errors", failure.errors());
    }

    private static Open311Exception asOpen311(Throwable e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Open311Exception open311) {
                return open311;
            }
            if (cause instanceof ProblemException problemException) {
                // The petition service's own checks (e.g. a position outside the district).
                Problem problem = problemException.problem();
                String description = problem.errors().isEmpty() ? problem.detail()
                        : problem.errors().stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
                return new Open311Exception(problem.status() == 404 ? 404 : 400, description);
            }
            if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
                return web.getResponse().getStatus() == 404 ? unknown(uri)
                        : Open311Exception.badRequest("The request could not be read (HTTP " + web.getResponse().getStatus() + ")");
            }
            if (cause instanceof java.io.IOException) {
                return Open311Exception.badRequest("The request body could not be read");
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        // GeoReport answers even its own failures with 400 ("general service error").
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected Open311 failure %s on %s", errorId, uri.getPath());
        return Open311Exception.badRequest("General service error; quote error id " + errorId + " when reporting it");
    }

    private static boolean english(String lang) {
        return lang != null && lang.toLowerCase().startsWith("en");
    }
}
