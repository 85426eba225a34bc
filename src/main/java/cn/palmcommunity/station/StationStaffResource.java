package cn.palmcommunity.station;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.photo.PhotoUploads;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * What staff do with stations: community and street staff within their communities, district staff
 * anywhere in the district. Every change is audit-logged with who and when.
 */
@Path("/api/stations")
@Tag(name = "Stations (staff)", description = "Create, change, close and import stations; closures, photos, amenities, people served")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
public class StationStaffResource {

    private final StationService stations;
    private final StationImport importer;
    private final StationVisits visits;
    private final Amenities amenities;
    private final PhotoUploads uploads;
    private final DataScope scope;

    public StationStaffResource(StationService stations, StationImport importer, StationVisits visits, Amenities amenities,
                                PhotoUploads uploads, DataScope scope) {
        this.stations = stations;
        this.importer = importer;
        this.visits = visits;
        this.amenities = amenities;
        this.uploads = uploads;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Create a station in a community of my scope",
            description = "Position in gcj02 (default) or wgs84; the community is found from the position when communityId is absent. "
                    + "Opening hours as an OSM opening_hours string (openingHours) or structured (openingHoursJson).")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<StationViews.Detail>> create(@Valid @NotNull StationCommands.StationInput station, @Context UriInfo uri,
                                                         @Context HttpServerRequest http) {
        CoordinateSystem answerIn = StationInputs.coordinate("coord", station.coord(), CoordinateSystem.GCJ02);
        return stations.create(station, actor(http), answerIn).map(created -> RestResponse.ResponseBuilder.<StationViews.Detail>created(
                        uri.getBaseUriBuilder().path("api/stations").path(Long.toString(created.id())).build())
                .entity(created).tag(new EntityTag(Integer.toString(created.version()))).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a station's details (optimistic locking: If-Match or version must be the version read)")
    @APIResponse(responseCode = "200", description = "The station as stored now")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<StationViews.Detail>> replace(
            @Parameter(example = "42") @PathParam("id") long id,
            @Parameter(description = "The ETag of the station as read", example = "\"3\"") @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull StationCommands.StationInput station, @Context HttpServerRequest http) {
        Integer version = ifMatch == null || ifMatch.isBlank() ? station.version() : versionOf(ifMatch);
        CoordinateSystem answerIn = StationInputs.coordinate("coord", station.coord(), CoordinateSystem.GCJ02);
        return stations.replace(id, station, version, actor(http), answerIn).map(detail -> RestResponse.ResponseBuilder.ok(detail)
                .tag(new EntityTag(Integer.toString(detail.version()))).build());
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a station for good (it leaves the riders' searches); reopen undoes it")
    @APIResponse(responseCode = "200", description = "Closed")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<StationViews.Detail> close(@Parameter(example = "42") @PathParam("id") long id,
                                          @Valid @NotNull StationCommands.Close request, @Context HttpServerRequest http) {
        return stations.close(id, request, actor(http));
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(summary = "Reopen a closed station")
    @APIResponse(responseCode = "200", description = "Open again")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<StationViews.Detail> reopen(@Parameter(example = "42") @PathParam("id") long id, @Context HttpServerRequest http) {
        return stations.reopen(id, actor(http));
    }

    @POST
    @Path("/{id}/closures")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Mark a temporary closure (from, until or until further notice, reason)")
    @APIResponse(responseCode = "201", description = "The closure")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<StationViews.ClosureView>> addClosure(@Parameter(example = "42") @PathParam("id") long id,
                                                                  @Valid @NotNull StationCommands.ClosureInput closure,
                                                                  @Context HttpServerRequest http) {
        return stations.addClosure(id, closure, actor(http)).map(c -> RestResponse.status(RestResponse.Status.CREATED, c));
    }

    @DELETE
    @Path("/{id}/closures/{closureId}")
    @Operation(summary = "Remove a temporary closure")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<Void> removeClosure(@Parameter(example = "42") @PathParam("id") long id,
                                   @Parameter(example = "7") @PathParam("closureId") long closureId, @Context HttpServerRequest http) {
        return stations.removeClosure(id, closureId, actor(http));
    }

    @POST
    @Path("/{id}/photos")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Add photos (multipart file parts 'photos', up to 9 at a time, 20 per station)",
            description = "JPEG, PNG or WebP by their bytes, at most 5 MB each; location metadata is removed before storing.")
    @APIResponse(responseCode = "201", description = "The station's photos now")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_MEDIA)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<List<StationViews.PhotoView>>> addPhotos(@Parameter(example = "42") @PathParam("id") long id,
                                                                     @RestForm("photos") List<FileUpload> photos,
                                                                     @Context HttpServerRequest http) {
        StationService.Actor actor = actor(http);
        return uploads.prepareAll(photos, "photos").chain(clean -> stations.addPhotos(id, clean, actor))
                .map(list -> RestResponse.status(RestResponse.Status.CREATED, list));
    }

    @DELETE
    @Path("/{id}/photos/{photoId}")
    @Operation(summary = "Remove a photo")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<Void> removePhoto(@Parameter(example = "42") @PathParam("id") long id,
                                 @Parameter(example = "0f8e4c1a-7d8b-4f51-9a57-2c6d2b1e9f40") @PathParam("photoId") UUID photoId,
                                 @Context HttpServerRequest http) {
        return stations.removePhoto(id, photoId, actor(http));
    }

    @PUT
    @Path("/{id}/floor-plan")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Set a rider-friendly compound's floor plan (multipart file part 'photo')")
    @APIResponse(responseCode = "200", description = "The station with its floor plan")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_MEDIA)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<StationViews.Detail> floorPlan(@Parameter(example = "42") @PathParam("id") long id,
                                             @RestForm("photo") FileUpload photo, @Context HttpServerRequest http) {
        if (photo == null) {
            throw ProblemException.invalidField("photo", "send the floor plan as file part 'photo'");
        }
        StationService.Actor actor = actor(http);
        return uploads.prepareAll(List.of(photo), "photo").chain(clean -> stations.setFloorPlan(id, clean.get(0), actor));
    }

    @GET
    @Path("/managed")
    @Operation(summary = "The stations of my scope, closed ones included, newest first")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<StationViews.ManagedPage> managed(
            @Parameter(example = "12") @QueryParam("community") String community,
            @Parameter(example = "40") @QueryParam("cursor") String cursor,
            @Parameter(description = "At most 100 (default 20)", example = "20") @QueryParam("limit") String limit) {
        return stations.managed(scope, QueryParams.optionalLong("community", community), QueryParams.optionalLong("cursor", cursor),
                QueryParams.optionalInt("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/{id}/served")
    @Operation(summary = "People served (check-ins) per day, month or year, China time",
            description = "Defaults: the last 30 days, 12 months or 5 years up to today; the window is widened to whole periods.")
    @APIResponse(responseCode = "200", description = "Counts per period, zeros included")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<StationViews.Served> served(
            @Parameter(example = "42") @PathParam("id") long id,
            @Parameter(description = "day, month (default) or year", example = "month") @QueryParam("period") String period,
            @Parameter(example = "2026-01-01") @QueryParam("from") String from,
            @Parameter(example = "2026-12-31") @QueryParam("to") String to) {
        return visits.served(id, period, QueryParams.optionalDate("from", from), QueryParams.optionalDate("to", to), scope);
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", StationResource.GEO_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @RequestBody(description = "CSV with a header row (columns externalId, kind, name, address, lat, lng, coord, communityId, phone, "
            + "description, amenities separated by ';', openingHours, entranceGuide, riderGate, entryRules, legalService, discount) "
            + "or a GeoJSON FeatureCollection of Points with those properties", content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                        example = "externalId,kind,name,lat,lng,openingHours,amenities\nSB-001,WARM,登州路暖心驿站,36.0876,120.3662,24/7,TOILET;SEATS")),
                @Content(mediaType = StationResource.GEO_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                        example = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                                + "\"coordinates\":[120.3662,36.0876]},\"properties\":{\"externalId\":\"SB-001\",\"kind\":\"WARM\","
                                + "\"name\":\"登州路暖心驿站\",\"openingHours\":\"24/7\",\"amenities\":[\"TOILET\"]}}]}"))})
    @Operation(summary = "Import a district's station list (CSV or GeoJSON); valid rows are stored, the others reported by row and field",
            description = "Idempotent by externalId within the district: importing the list again updates the same stations. "
                    + "Positions in coord (default wgs84, as GeoJSON requires; a CSV coord column overrides it per row).")
    @APIResponse(responseCode = "200", description = "What was stored and what was not")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<StationViews.ImportReport> importList(
            @Parameter(description = "wgs84 (default) or gcj02", example = "wgs84") @QueryParam("coord") String coord,
            @HeaderParam("Content-Type") String contentType, String body, @Context HttpServerRequest http) {
        StationService.Actor actor = actor(http);
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")) {
            return importer.importCsv(body == null ? "" : body, coord, actor);
        }
        return importer.importGeoJson(body == null ? "" : body, coord, actor);
    }

    @POST
    @Path("/amenities")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Add an amenity to the managed list")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<StationViews.AmenityView>> addAmenity(@Valid @NotNull StationCommands.AmenityInput amenity,
                                                                  @Context HttpServerRequest http) {
        return amenities.create(amenity, scope, ip(http)).map(a -> RestResponse.status(RestResponse.Status.CREATED, a));
    }

    @PUT
    @Path("/amenities/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Operation(summary = "Rename, reorder, or (de)activate an amenity")
    @APIResponse(responseCode = "200", description = "The amenity as stored")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<StationViews.AmenityView> changeAmenity(
            @Parameter(example = "MICROWAVE") @PathParam("code") @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be UPPER_SNAKE_CASE") String code,
            @Valid @NotNull StationCommands.AmenityInput amenity, @Context HttpServerRequest http) {
        return amenities.update(code, amenity, scope, ip(http));
    }

    private StationService.Actor actor(HttpServerRequest http) {
        return new StationService.Actor(scope, ip(http));
    }

    private static String ip(HttpServerRequest http) {
        return http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }

    /** {@code "3"}, {@code W/"3"} or {@code 3}; anything else is a 400 naming If-Match. */
    static Integer versionOf(String ifMatch) {
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Integer.parseInt(tag);
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(400, "wrong-type", "Request is not valid", "If-Match must be the station's ETag, e.g. \"3\"")
                    .withErrors(List.of(new Problem.FieldError("If-Match", "must be the station's ETag, e.g. \"3\""))));
        }
    }
}
