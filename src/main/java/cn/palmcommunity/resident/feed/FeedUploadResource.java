package cn.palmcommunity.resident.feed;

import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/api/feeds/uploads")
@Tag(name = "Department feeds", description = "Department records (births, deaths, disability, 低保, moves, veterans, education) streamed in")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class FeedUploadResource {

    private static final String READERS = "The uploading department, and district staff.";

    private final FeedUploads uploads;
    private final DataScope scope;

    public FeedUploadResource(FeedUploads uploads, DataScope scope) {
        this.uploads = uploads;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @RolesAllowed(Role.DEPARTMENT_STAFF_NAME)
    @Operation(summary = "Announce a department feed upload",
            description = "Creates the upload (WAITING) so that its progress can be followed from the start; then send the rows with "
                    + "PUT /api/feeds/uploads/{id}/rows. Each feed kind belongs to certain departments.")
    @APIResponse(responseCode = "201", description = "Announced; Location names the upload")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<FeedUploadView>> create(NewFeedUpload request, @Context UriInfo uri) {
        return uploads.create(request, scope).map(created -> RestResponse.ResponseBuilder.<FeedUploadView>created(
                uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.DEPARTMENT_STAFF_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Operation(summary = "Follow an upload", description = "Status and counters, updated after every batch. " + READERS)
    @APIResponse(responseCode = "200", description = "The upload")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<FeedUploadView> get(@PathParam("id") long id) {
        return uploads.get(id, scope);
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DEPARTMENT_STAFF_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Operation(summary = "Follow an upload as Server-Sent Events",
            description = "The upload once a second until it is DONE or FAILED (the last event). " + READERS)
    @APIResponse(responseCode = "200", description = "A stream of FeedUpload objects",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = FeedUploadView.class)))
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Multi<FeedUploadView> events(@PathParam("id") long id) {
        // The scope is read now: the request context does not reach the later reads.
        Role role = scope.role();
        String department = scope.department().orElse(null);
        return Multi.createBy().repeating().uni(() -> uploads.get(id, role, department))
                .withDelay(Duration.ofSeconds(1))
                .whilst(view -> !finished(view));
    }

    private static boolean finished(FeedUploadView view) {
        return view.status().equals("DONE") || view.status().equals("FAILED");
    }

    @GET
    @Path("/{id}/errors")
    @RolesAllowed({Role.DEPARTMENT_STAFF_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Operation(summary = "An upload's error report",
            description = "The rejected rows with their line number, record id, field and reason, by line number. " + READERS)
    @APIResponse(responseCode = "200", description = "A page of rejected rows")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<FeedRowErrorView> errors(
            @PathParam("id") long id,
            @Parameter(description = "Rows after this line number", example = "1052") @QueryParam("after") String after,
            @Parameter(description = "Page size, 1-1000 (default 100)", example = "100") @QueryParam("limit") String limit) {
        Long from = QueryParams.optionalLong("after", after);
        return uploads.errors(id, from == null ? 0 : from, QueryParams.optionalInt("limit", limit, 100, 1, 1000), scope);
    }

    @GET
    @Path("/{id}/errors.csv")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({Role.DEPARTMENT_STAFF_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Operation(summary = "An upload's error report as CSV", description = "Every rejected row, streamed (UTF-8 with BOM). " + READERS)
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public RestMulti<byte[]> errorsCsv(@PathParam("id") long id) {
        return RestMulti.fromUniResponse(uploads.errorsCsv(id, scope), stream -> stream,
                stream -> Map.of("Content-Type", List.of("text/csv; charset=UTF-8"),
                        "Content-Disposition", List.of("attachment; filename=\"upload-" + id + "-errors.csv\"")));
    }
}
