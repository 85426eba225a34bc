package cn.palmcommunity.petition;

import cn.palmcommunity.geo.GeoPoint;
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
import jakarta.validation.constraints.NotBlank;
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

/** What residents and riders do with petitions from the mini program. */
@Path("/api/petitions")
@Tag(name = "Petitions (residents)", description = "File, follow, co-sign, rate and reopen petitions (民意诉求)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
public class PetitionResource {

    private final PetitionService petitions;
    private final PetitionWorkflow workflow;
    private final PhotoUploads uploads;
    private final PetitionPhotos photoLinks;
    private final DataScope scope;

    public PetitionResource(PetitionService petitions, PetitionWorkflow workflow, PhotoUploads uploads, PetitionPhotos photoLinks,
                            DataScope scope) {
        this.petitions = petitions;
        this.workflow = workflow;
        this.uploads = uploads;
        this.photoLinks = photoLinks;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "File a petition",
            description = "Location in GCJ-02 (WeChat map) or WGS-84; stored as WGS-84. Send an Idempotency-Key so a retry never files twice.")
    @APIResponse(responseCode = "201", description = "Filed; Location names it")
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<PetitionViews.MyPetition>> file(@Valid @NotNull PetitionCommands.NewPetition request, @Context UriInfo uri) {
        return petitions.file(request, scope).map(filed -> RestResponse.ResponseBuilder.<PetitionViews.MyPetition>created(
                uri.getBaseUriBuilder().path("api/petitions/mine").path(Long.toString(filed.id())).build()).entity(filed).build());
    }

    @POST
    @Path("/with-photos")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "File a petition with up to 9 photos (multipart: a JSON part 'petition' and file parts 'photos')",
            description = "JPEG, PNG or WebP by their bytes, at most 5 MB each; location metadata is removed before storing.")
    @APIResponse(responseCode = "201", description = "Filed; Location names it")
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_MEDIA)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<PetitionViews.MyPetition>> fileWithPhotos(
            @RestForm("petition") @PartType(MediaType.APPLICATION_JSON) @Valid @NotNull PetitionCommands.NewPetition petition,
            @RestForm("photos") List<FileUpload> photos, @Context UriInfo uri) {
        return uploads.prepareAll(photos, "photos")
                .chain(clean -> petitions.file(petition, clean, scope))
                .map(filed -> RestResponse.ResponseBuilder.<PetitionViews.MyPetition>created(
                        uri.getBaseUriBuilder().path("api/petitions/mine").path(Long.toString(filed.id())).build()).entity(filed).build());
    }

    @GET
    @Path("/mine/{id}/photos/{photoId}")
    @Produces({"image/jpeg", "image/png", "image/webp"})
    @Operation(summary = "A photo of one of my petitions (metadata removed)")
    @APIResponse(responseCode = "200", description = "The photo", content = {
        @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<Response> photo(@Parameter(example = "1024") @PathParam("id") long id,
                                           @Parameter(example = "3f2b8c4e-1d2a-4c55-9a7e-0b6f3f0c2d11") @PathParam("photoId") UUID photoId,
                                           @HeaderParam("If-None-Match") String ifNoneMatch) {
        return petitions.mine(id, scope).chain(visible -> photoLinks.load(id, photoId)).map(p -> PhotoResponses.of(p, ifNoneMatch));
    }

    @GET
    @Path("/nearby")
    @Operation(summary = "Open petitions of a category near a point, nearest first (is yours the same?)")
    @APIResponse(responseCode = "200", description = "Up to 10 open petitions")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<List<PetitionViews.Nearby>> nearby(
            @Parameter(example = "36.0871") @QueryParam("latitude") String latitude,
            @Parameter(example = "120.3745") @QueryParam("longitude") String longitude,
            @Parameter(description = "gcj02 (default) or wgs84", example = "gcj02") @QueryParam("coord") @DefaultValue("gcj02") String coord,
            @Parameter(example = "NOISE") @QueryParam("category") @NotBlank String category,
            @Parameter(description = "Metres, 50-2000", example = "500") @QueryParam("radius") @DefaultValue("500") @Min(50) @Max(2000) int radius) {
        double lat = QueryParams.requiredDouble("latitude", latitude, -90, 90);
        double lon = QueryParams.requiredDouble("longitude", longitude, -180, 180);
        GeoPoint point = PetitionService.wgs84(new PetitionCommands.LocationInput(lat, lon, checkedCoord(coord)));
        return petitions.nearby(point, category, radius);
    }

    @POST
    @Path("/{id}/cosign")
    @Operation(summary = "Co-sign an open petition instead of filing a duplicate")
    @APIResponse(responseCode = "200", description = "You follow the petition now")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<PetitionViews.MyPetition> cosign(@Parameter(example = "1024") @PathParam("id") long id) {
        return petitions.cosign(id, scope);
    }

    @GET
    @Path("/mine")
    @Operation(summary = "My petitions, filed or co-signed, newest first")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.MyPage> mine(
            @Parameter(example = "1003") @QueryParam("cursor") String cursor,
            @Parameter(example = "20") @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return petitions.myPetitions(scope, QueryParams.optionalLong("cursor", cursor), limit);
    }

    @GET
    @Path("/mine/{id}")
    @Operation(summary = "One of my petitions: status, answer and timeline (no internal notes)")
    @APIResponse(responseCode = "200", description = "The petition")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<PetitionViews.MyPetition> one(@Parameter(example = "1024") @PathParam("id") long id) {
        return petitions.mine(id, scope);
    }

    @POST
    @Path("/mine/{id}/rating")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rate the outcome 1-5 (回访)")
    @APIResponse(responseCode = "200", description = "Rated")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.MyPetition> rate(@Parameter(example = "1024") @PathParam("id") long id,
                                              @Valid @NotNull PetitionCommands.Rating request) {
        return workflow.rate(id, request, scope);
    }

    @POST
    @Path("/mine/{id}/reopen")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reopen within 7 days of the resolution if it is not solved")
    @APIResponse(responseCode = "200", description = "Reopened")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<PetitionViews.MyPetition> reopen(@Parameter(example = "1024") @PathParam("id") long id,
                                                @Valid @NotNull PetitionCommands.Reopen request) {
        return workflow.reopen(id, request, scope);
    }

    private static String checkedCoord(String coord) {
        if (!coord.matches("(?i)gcj02|wgs84")) {
            throw QueryParams.wrongType("coord", "must be gcj02 or wgs84");
        }
        return coord;
    }
}
