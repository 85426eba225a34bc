package cn.palmcommunity.station;

import cn.palmcommunity.http.DeviceIds;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.photo.PhotoResponses;
import cn.palmcommunity.ratelimit.RateLimited;
import cn.palmcommunity.security.Role;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * What riders use, logged in or not: find stations (nearest first, in a map box, by text), read one,
 * check in, rate, report a problem. Every endpoint here shares one per-client rate limit.
 */
@Path("/api/stations")
@Tag(name = "Stations (riders)", description = "Warm stations, rider-friendly compounds, legal aid and discount eateries near a rider")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@RateLimited(value = "stations-public", property = "palm.station.public-rate-per-minute", perMinute = 120)
@RegisterForReflection(methods = true) // the rate-limit filter reads @RateLimited from the resource
public class StationResource {

    public static final String GEO_JSON = "application/geo+json";
    static final int DEFAULT_RADIUS = 3000;
    static final int MAX_RADIUS = 10_000;
    static final double MAX_BOX_DEGREES = 0.5;
    private static final String DEVICE_DESCRIPTION = "A stable id of the phone (required when not logged in)";

    private final StationSearch search;
    private final StationService stations;
    private final StationVisits visits;
    private final Amenities amenities;
    private final CurrentIdentityAssociation identity;

    public StationResource(StationSearch search, StationService stations, StationVisits visits, Amenities amenities,
                           CurrentIdentityAssociation identity) {
        this.search = search;
        this.stations = stations;
        this.visits = visits;
        this.amenities = amenities;
        this.identity = identity;
    }

    @GET
    @Path("/nearby")
    @Produces({MediaType.APPLICATION_JSON, GEO_JSON})
    @Operation(summary = "Stations near a position, nearest first, with distance and whether they are open now",
            description = "lat/lng as WeChat's wx.getLocation gives them (GCJ-02) unless coord=wgs84; answers in the same system. "
                    + "With Accept: application/geo+json (or format=geojson) an RFC 7946 FeatureCollection in WGS-84.")
    @APIResponse(responseCode = "200", description = "Nearest first", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StationViews.StationList.class)),
        @Content(mediaType = GEO_JSON, schema = @Schema(implementation = StationViews.FeatureCollection.class))})
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<Response> nearby(
            @Parameter(description = "Latitude", example = "36.0886") @QueryParam("lat") String lat,
            @Parameter(description = "Longitude", example = "120.3722") @QueryParam("lng") String lng,
            @Parameter(description = "gcj02 (default) or wgs84", example = "gcj02") @QueryParam("coord") String coord,
            @Parameter(description = "Metres, at most 10000 (default 3000)", example = "3000") @QueryParam("radius") String radius,
            @Parameter(description = "Kinds, comma-separated: WARM, RIDER_COMPOUND, LEGAL_AID, EATERY", example = "WARM,EATERY")
            @QueryParam("kind") String kind,
            @Parameter(description = "Amenity codes that must all be present, comma-separated", example = "TOILET,MICROWAVE")
            @QueryParam("amenity") String amenity,
            @Parameter(description = "Only stations open now", example = "true") @QueryParam("openNow") String openNow,
            @Parameter(description = "At most 50 (default 20)", example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "json (default) or geojson", example = "json") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        CoordinateSystem system = CoordinateSystem.fromQuery("coord", coord, CoordinateSystem.GCJ02);
        GeoPoint here = ChinaCoordinates.toWgs84(new GeoPoint(QueryParams.requiredDouble("lat", lat, -90, 90),
                QueryParams.requiredDouble("lng", lng, -180, 180)), system);
        int metres = QueryParams.optionalInt("radius", radius, DEFAULT_RADIUS, 1, MAX_RADIUS);
        StationSearch.Filter filter = filter(kind, amenity, openNow);
        boolean geo = wantsGeoJson(format, accept);
        int max = QueryParams.optionalInt("limit", limit, 20, 1, 50);
        return search.nearby(here, metres, filter, max).map(found -> answer(found, system, geo, false));
    }

    @GET
    @Path("/within")
    @Produces({MediaType.APPLICATION_JSON, GEO_JSON})
    @Operation(summary = "Stations inside a map's bounding box (at most 0.5 degrees a side), nearest its centre first",
            description = "The corners in the coord system (gcj02 default). Truncated when more stations lie in the box than limit.")
    @APIResponse(responseCode = "200", description = "Stations in the box", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StationViews.StationList.class)),
        @Content(mediaType = GEO_JSON, schema = @Schema(implementation = StationViews.FeatureCollection.class))})
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<Response> within(
            @Parameter(example = "36.075") @QueryParam("south") String south,
            @Parameter(example = "120.350") @QueryParam("west") String west,
            @Parameter(example = "36.100") @QueryParam("north") String north,
            @Parameter(example = "120.390") @QueryParam("east") String east,
            @Parameter(description = "gcj02 (default) or wgs84", example = "gcj02") @QueryParam("coord") String coord,
            @Parameter(example = "WARM") @QueryParam("kind") String kind,
            @Parameter(example = "TOILET") @QueryParam("amenity") String amenity,
            @Parameter(example = "false") @QueryParam("openNow") String openNow,
            @Parameter(description = "At most 500 (default 200)", example = "200") @QueryParam("limit") String limit,
            @Parameter(description = "json (default) or geojson", example = "geojson") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        CoordinateSystem system = CoordinateSystem.fromQuery("coord", coord, CoordinateSystem.GCJ02);
        double s = QueryParams.requiredDouble("south", south, -90, 90);
        double w = QueryParams.requiredDouble("west", west, -180, 180);
        double n = QueryParams.requiredDouble("north", north, -90, 90);
        double e = QueryParams.requiredDouble("east", east, -180, 180);
        if (n <= s) {
            throw ProblemException.invalidField("north", "must be north of south");
        }
        if (e <= w) {
            throw ProblemException.invalidField("east", "must be east of west");
        }
        if (n - s > MAX_BOX_DEGREES) {
            throw ProblemException.invalidField("north", "the box may span at most " + MAX_BOX_DEGREES + " degrees of latitude; zoom in");
        }
        if (e - w > MAX_BOX_DEGREES) {
            throw ProblemException.invalidField("east", "the box may span at most " + MAX_BOX_DEGREES + " degrees of longitude; zoom in");
        }
        GeoPoint southWest = ChinaCoordinates.toWgs84(new GeoPoint(s, w), system);
        GeoPoint northEast = ChinaCoordinates.toWgs84(new GeoPoint(n, e), system);
        StationSearch.Filter filter = filter(kind, amenity, openNow);
        boolean geo = wantsGeoJson(format, accept);
        int max = QueryParams.optionalInt("limit", limit, 200, 1, 500);
        return search.within(southWest.latitude(), southWest.longitude(), northEast.latitude(), northEast.longitude(), filter, max)
                .map(found -> answer(found, system, geo, true));
    }

    @GET
    @Path("/search")
    @Produces({MediaType.APPLICATION_JSON, GEO_JSON})
    @Operation(summary = "Stations whose name or address contains the text; nearest first when a position is given")
    @APIResponse(responseCode = "200", description = "Matching stations", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StationViews.StationList.class)),
        @Content(mediaType = GEO_JSON, schema = @Schema(implementation = StationViews.FeatureCollection.class))})
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<Response> byText(
            @Parameter(description = "1-50 characters", example = "登州路") @QueryParam("q") String q,
            @Parameter(description = "Optional position", example = "36.0886") @QueryParam("lat") String lat,
            @Parameter(example = "120.3722") @QueryParam("lng") String lng,
            @Parameter(description = "gcj02 (default) or wgs84", example = "gcj02") @QueryParam("coord") String coord,
            @Parameter(example = "WARM") @QueryParam("kind") String kind,
            @Parameter(example = "TOILET") @QueryParam("amenity") String amenity,
            @Parameter(example = "false") @QueryParam("openNow") String openNow,
            @Parameter(description = "At most 50 (default 20)", example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "json (default) or geojson", example = "json") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        if (q == null || q.isBlank()) {
            throw QueryParams.wrongType("q", "is required");
        }
        String text = q.strip();
        if (text.length() > 50) {
            throw ProblemException.invalidField("q", "at most 50 characters");
        }
        CoordinateSystem system = CoordinateSystem.fromQuery("coord", coord, CoordinateSystem.GCJ02);
        GeoPoint here = null;
        if ((lat != null && !lat.isBlank()) || (lng != null && !lng.isBlank())) {
            here = ChinaCoordinates.toWgs84(new GeoPoint(QueryParams.requiredDouble("lat", lat, -90, 90),
                    QueryParams.requiredDouble("lng", lng, -180, 180)), system);
        }
        StationSearch.Filter filter = filter(kind, amenity, openNow);
        boolean geo = wantsGeoJson(format, accept);
        int max = QueryParams.optionalInt("limit", limit, 20, 1, 50);
        return search.byText(text, here, filter, max).map(found -> answer(found, system, geo, false));
    }

    @GET
    @Path("/amenities")
    @Operation(summary = "The amenity list (codes to filter by), in display order; inactive ones flagged")
    @APIResponse(responseCode = "200", description = "Amenities")
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<List<StationViews.AmenityView>> amenities() {
        return Uni.createFrom().item(amenities.all());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One station: hours (OSM and structured), open status, closures, photos, kind-specific guidance, people served",
            description = "The ETag is the version to send back as If-Match when staff change the station.")
    @APIResponse(responseCode = "200", description = "The station")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<RestResponse<StationViews.Detail>> one(
            @Parameter(example = "42") @PathParam("id") long id,
            @Parameter(description = "gcj02 (default) or wgs84", example = "gcj02") @QueryParam("coord") String coord) {
        CoordinateSystem system = CoordinateSystem.fromQuery("coord", coord, CoordinateSystem.GCJ02);
        return stations.detail(id, system).map(detail -> RestResponse.ResponseBuilder.ok(detail)
                .tag(new EntityTag(Integer.toString(detail.version()))).build());
    }

    @GET
    @Path("/{id}/photos/{photoId}")
    @Produces({"image/jpeg", "image/png", "image/webp"})
    @Operation(summary = "A photo or the floor plan of a station (metadata removed)")
    @APIResponse(responseCode = "200", description = "The photo", content = {
        @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<Response> photo(@Parameter(example = "42") @PathParam("id") long id,
                               @Parameter(example = "0f8e4c1a-7d8b-4f51-9a57-2c6d2b1e9f40") @PathParam("photoId") UUID photoId,
                               @HeaderParam("If-None-Match") String ifNoneMatch) {
        return stations.photo(id, photoId).map(p -> PhotoResponses.of(p, ifNoneMatch));
    }

    @POST
    @Path("/{id}/checkins")
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Check in at a station (counts once per visitor, station and hour)",
            description = "Logged in, or anonymous with an X-Device-Id header. counted=false when this visitor was counted here this hour.")
    @APIResponse(responseCode = "200", description = "Whether it counted")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<StationViews.CheckinResult> checkIn(
            @Parameter(example = "42") @PathParam("id") long id,
            @Parameter(description = DEVICE_DESCRIPTION, example = "wx-dev-7f3a9c21") @HeaderParam(DeviceIds.HEADER) String device) {
        return visitor(device).chain(v -> visits.checkIn(id, v));
    }

    @POST
    @Path("/{id}/ratings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Rate a station 1-5 with an optional comment (a new rating replaces your earlier one)")
    @APIResponse(responseCode = "200", description = "Your rating and the station's average")
    @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<StationViews.RatingResult> rate(
            @Parameter(example = "42") @PathParam("id") long id,
            @Parameter(description = DEVICE_DESCRIPTION, example = "wx-dev-7f3a9c21") @HeaderParam(DeviceIds.HEADER) String device,
            @Valid @NotNull StationCommands.RatingInput rating) {
        return visitor(device).chain(v -> visits.rate(id, rating, v));
    }

    @POST
    @Path("/{id}/problems")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Report a problem at a station (\"charger broken\"): filed as a station-problem petition of its community",
            description = "Logged-in reporters follow it under /api/petitions/mine; anonymous reports need X-Device-Id.")
    @APIResponse(responseCode = "201", description = "Filed")
    @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    public Uni<RestResponse<StationViews.ProblemReceipt>> reportProblem(
            @Parameter(example = "42") @PathParam("id") long id,
            @Parameter(description = DEVICE_DESCRIPTION, example = "wx-dev-7f3a9c21") @HeaderParam(DeviceIds.HEADER) String device,
            @Valid @NotNull StationCommands.ProblemInput problem) {
        return visitor(device).chain(v -> visits.reportProblem(id, problem, v))
                .map(receipt -> RestResponse.status(RestResponse.Status.CREATED, receipt));
    }

    // ------------------------------------------------------------------ helpers

    private StationSearch.Filter filter(String kind, String amenity, String openNow) {
        return new StationSearch.Filter(kinds(kind), amenities.forSearch("amenity", amenity), bool("openNow", openNow));
    }

    /** Comma-separated kinds, null for all; an unknown kind is a 400 naming {@code kind}. */
    static String[] kinds(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (String part : raw.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            kinds.add(QueryParams.optionalEnum("kind", part.strip().toUpperCase(Locale.ROOT), StationKind.class).name());
        }
        return kinds.isEmpty() ? null : kinds.toArray(String[]::new);
    }

    static boolean bool(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw QueryParams.wrongType(name, "must be true or false");
        };
    }

    static boolean wantsGeoJson(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "geojson" -> true;
                case "json" -> false;
                default -> throw QueryParams.wrongType("format", "must be json or geojson");
            };
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(GEO_JSON);
    }

    private static Response answer(StationSearch.Results found, CoordinateSystem system, boolean geo, boolean withTruncation) {
        if (geo) {
            return Response.ok(StationSearch.geoJson(found), GEO_JSON).build();
        }
        return Response.ok(StationSearch.list(found, system, withTruncation), MediaType.APPLICATION_JSON).build();
    }

    /** The caller as a visitor: the account when a valid token came, else the device header (422 without one). */
    private Uni<StationVisits.Visitor> visitor(String device) {
        return identity.getDeferredIdentity().map(caller -> {
            Long account = null;
            Role role = null;
            if (caller != null && !caller.isAnonymous() && caller.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
                account = Long.parseLong(jwt.getSubject());
                role = roleOf(caller);
            }
            return new StationVisits.Visitor(account, role, device == null ? null : device.strip());
        });
    }

    private static Role roleOf(SecurityIdentity caller) {
        for (Role role : Role.values()) {
            if (caller.hasRole(role.name())) {
                return role;
            }
        }
        return null;
    }
}
