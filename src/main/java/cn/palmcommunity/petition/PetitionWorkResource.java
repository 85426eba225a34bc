package cn.palmcommunity.petition;

import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import cn.palmcommunity.photo.PhotoResponses;
import cn.palmcommunity.photo.PhotoUploads;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.HeaderParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The petition inbox and the handling loop, for community, grid, street, district and department staff. */
@Path("/api/petitions")
@Tag(name = "Petitions (handling)", description = "Inbox, 受理, 派单, 办结, 回访, 催办, 督办")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.DEPARTMENT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class PetitionWorkResource {

    private final PetitionInbox inbox;
    private final PetitionWorkflow workflow;
    private final PetitionService petitions;
    private final PetitionImport importer;
    private final PhotoUploads uploads;
    private final PetitionPhotos photoLinks;
    private final DataScope scope;

    public PetitionWorkResource(PetitionInbox inbox, PetitionWorkflow workflow, PetitionService petitions, PetitionImport importer,
                                PhotoUploads uploads, PetitionPhotos photoLinks, DataScope scope) {
        this.uploads = uploads;
        this.photoLinks = photoLinks;
        this.inbox = inbox;
        this.workflow = workflow;
        this.petitions = petitions;
        this.importer = importer;
        this.scope = scope;
    }

    @GET
    @Path("/inbox")
    @Operation(summary = "The petitions of my scope, newest first, by tab and filters")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.SummaryPage> inbox(
            @Parameter(description = "UNACCEPTED, MINE, OVERDUE, COMPLETED or ALL", example = "UNACCEPTED") @QueryParam("view") String view,
            @Parameter(example = "ACCEPTED") @QueryParam("status") String status,
            @Parameter(example = "NOISE") @QueryParam("category") String category,
            @Parameter(example = "12") @QueryParam("community") String community,
            @Parameter(example = "71") @QueryParam("grid") String grid,
            @Parameter(example = "HOTLINE_12345") @QueryParam("channel") String channel,
            @Parameter(description = "Submitted at or after", example = "2026-11-01T00:00:00+08:00") @QueryParam("from") String from,
            @Parameter(description = "Submitted before", example = "2026-12-01T00:00:00+08:00") @QueryParam("to") String to,
            @Parameter(example = "1003") @QueryParam("cursor") String cursor,
            @Parameter(example = "20") @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        PetitionInbox.Filter filter = new PetitionInbox.Filter(QueryParams.optionalEnum("view", view, InboxView.class),
                QueryParams.optionalEnum("status", status, PetitionStatus.class), category == null || category.isBlank() ? null : category.strip(),
                QueryParams.optionalLong("community", community), QueryParams.optionalLong("grid", grid),
                QueryParams.optionalEnum("channel", channel, Channel.class),
                QueryParams.optionalDateTime("from", from), QueryParams.optionalDateTime("to", to));
        return inbox.page(scope, filter, QueryParams.optionalLong("cursor", cursor), limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One petition with its whole timeline, internal notes included")
    @APIResponse(responseCode = "200", description = "The petition")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<PetitionViews.Petition> one(@Parameter(example = "1024") @PathParam("id") long id) {
        return workflow.view(id, scope);
    }

    @POST
    @Path("/entries")
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Record a petition from a grid patrol or a community self-check")
    @APIResponse(responseCode = "201", description = "Recorded")
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<PetitionViews.Petition>> entry(@Valid @NotNull PetitionCommands.WorkerEntry entry, @Context UriInfo uri) {
        return petitions.record(entry, scope).map(p -> RestResponse.ResponseBuilder.<PetitionViews.Petition>created(
                uri.getBaseUriBuilder().path("api/petitions").path(Long.toString(p.id())).build()).entity(p).build());
    }

    @POST
    @Path("/import")
    @RolesAllowed({Role.DEPARTMENT_STAFF_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Import a batch from the 12345 hotline or the district complaint platform",
            description = "Idempotent by (channel, externalId); each record gets its own outcome.")
    @APIResponse(responseCode = "200", description = "What happened to each record")
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionImport.Report> importBatch(@Valid @NotNull PetitionImport.Batch batch) {
        return importer.importBatch(batch, scope);
    }

    @POST
    @Path("/{id}/accept")
    @Operation(summary = "Accept (受理): I handle it; the resolution limit starts")
    @APIResponse(responseCode = "200", description = "Accepted")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> accept(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Accept cmd) {
        return workflow.accept(id, cmd, scope);
    }

    @POST
    @Path("/{id}/dispatch")
    @Operation(summary = "Dispatch (派单) to a grid, a department or the property company")
    @APIResponse(responseCode = "200", description = "Dispatched")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> dispatch(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Dispatch cmd) {
        return workflow.dispatch(id, cmd, scope);
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start work on a dispatched petition")
    @APIResponse(responseCode = "200", description = "In progress")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> start(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Start cmd) {
        return workflow.start(id, cmd, scope);
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve (办结) with the result the resident will read")
    @APIResponse(responseCode = "200", description = "Resolved")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> resolve(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Resolve cmd) {
        return workflow.resolve(id, cmd, scope);
    }

    @POST
    @Path("/{id}/resolve-with-photos")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Resolve with photos of the result (multipart: a JSON part 'resolve' and file parts 'photos')")
    @APIResponse(responseCode = "200", description = "Resolved")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_MEDIA)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> resolveWithPhotos(@PathParam("id") long id,
            @RestForm("resolve") @PartType(MediaType.APPLICATION_JSON) @Valid @NotNull PetitionCommands.Resolve cmd,
            @RestForm("photos") List<FileUpload> photos) {
        return uploads.prepareAll(photos, "photos").chain(clean -> workflow.resolve(id, cmd, clean, scope));
    }

    @GET
    @Path("/{id}/photos/{photoId}")
    @Produces({"image/jpeg", "image/png", "image/webp"})
    @Operation(summary = "A photo of a petition in my scope (metadata removed)")
    @APIResponse(responseCode = "200", description = "The photo", content = {
        @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<Response> photo(@PathParam("id") long id,
                                           @Parameter(example = "3f2b8c4e-1d2a-4c55-9a7e-0b6f3f0c2d11") @PathParam("photoId") UUID photoId,
                                           @HeaderParam("If-None-Match") String ifNoneMatch) {
        return workflow.view(id, scope).chain(visible -> photoLinks.load(id, photoId)).map(p -> PhotoResponses.of(p, ifNoneMatch));
    }

    @POST
    @Path("/{id}/visit")
    @Operation(summary = "Record a return visit (回访) made by phone")
    @APIResponse(responseCode = "200", description = "Visited")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> visit(@PathParam("id") long id, @Valid @NotNull PetitionCommands.PhoneVisit cmd) {
        return workflow.phoneVisit(id, cmd, scope);
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close a visited petition")
    @APIResponse(responseCode = "200", description = "Closed")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> close(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Close cmd) {
        return workflow.close(id, cmd, scope);
    }

    @POST
    @Path("/{id}/reject")
    @Operation(summary = "Reject, with the reason the resident will read")
    @APIResponse(responseCode = "200", description = "Rejected")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> reject(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Reject cmd) {
        return workflow.reject(id, cmd, scope);
    }

    @POST
    @Path("/{id}/merge")
    @Operation(summary = "Merge a duplicate into another open petition; its reporters become co-signers")
    @APIResponse(responseCode = "200", description = "Merged")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> merge(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Merge cmd) {
        return workflow.merge(id, cmd, scope);
    }

    @POST
    @Path("/{id}/extend")
    @Operation(summary = "Extend the resolution limit once, with a reason")
    @APIResponse(responseCode = "200", description = "Extended")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> extend(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Extend cmd) {
        return workflow.extend(id, cmd, scope);
    }

    @POST
    @Path("/{id}/urge")
    @Operation(summary = "Urge (催办) the handler")
    @APIResponse(responseCode = "200", description = "Urged")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> urge(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Urge cmd) {
        return workflow.urge(id, cmd, scope);
    }

    @POST
    @Path("/{id}/supervise")
    @Operation(summary = "Put under supervision (督办)")
    @APIResponse(responseCode = "200", description = "Supervised")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.Petition> supervise(@PathParam("id") long id, @Valid @NotNull PetitionCommands.Urge cmd) {
        return workflow.supervise(id, cmd, scope);
    }
}
