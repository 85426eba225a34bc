package cn.palmcommunity.volunteer;

import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Tasks: created and filled by workers (ranked candidates, invitations), browsed and joined by volunteers. */
@Path("/api/volunteer-tasks")
@Tag(name = "Volunteer tasks", description = "Visits, events, patrols, consultation hours and screening days, and who does them")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class VolunteerTaskResource {

    private final VolunteerTasks tasks;
    private final Bookings bookings;
    private final Attendance attendance;
    private final Volunteers volunteers;
    private final DataScope scope;
    private final io.vertx.mutiny.sqlclient.Pool pool;

    public VolunteerTaskResource(VolunteerTasks tasks, Bookings bookings, Attendance attendance, Volunteers volunteers, DataScope scope,
                                 io.vertx.mutiny.sqlclient.Pool pool) {
        this.tasks = tasks;
        this.bookings = bookings;
        this.attendance = attendance;
        this.volunteers = volunteers;
        this.scope = scope;
        this.pool = pool;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Create a task", description = "Place in GCJ-02 (default) or WGS-84; stored as WGS-84. At most 24 hours long.")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<VolunteerViews.Task>> create(@Valid @NotNull VolunteerCommands.NewTask request, @Context UriInfo uri) {
        return tasks.create(request, scope).map(t -> RestResponse.ResponseBuilder.<VolunteerViews.Task>created(
                uri.getBaseUriBuilder().path("api/volunteer-tasks").path(Long.toString(t.id())).build()).entity(t).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "A task, with its check-in code")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<VolunteerViews.Task> get(@Parameter(example = "501") @PathParam("id") long id) {
        return tasks.getForStaff(id, scope);
    }

    @GET
    @Path("/{id}/candidates")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Ranked candidates for a task, best first, with the score's breakdown",
            description = "Excluded: missing a required skill or its valid certificate, over the monthly hours cap, booked at an "
                    + "overlapping time, already on the task, outside the task's visibility or the radius.")
    @APIResponse(responseCode = "200", description = "Candidates")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<List<VolunteerViews.Candidate>> candidates(
            @Parameter(example = "501") @PathParam("id") long id,
            @Parameter(description = "Metres from the place, 100-50000", example = "5000") @QueryParam("radius") String radius,
            @Parameter(description = "1-100", example = "20") @QueryParam("limit") String limit) {
        int metres = QueryParams.optionalInt("radius", radius, 5000, 100, 50_000);
        int count = QueryParams.optionalInt("limit", limit, 20, 1, 100);
        return bookings.candidates(id, metres, count, scope);
    }

    @POST
    @Path("/{id}/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Invite people (named, or the best-ranked for every free place); they are notified",
            description = "An invitation holds a place until it is answered; a decline passes the place to the next best automatically.")
    @APIResponse(responseCode = "200", description = "Who was invited, who was skipped and why")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<VolunteerViews.InvitationOutcome> invite(@Parameter(example = "501") @PathParam("id") long id,
                                                       @Valid VolunteerCommands.Invitations request) {
        return bookings.invite(id, request, scope);
    }

    @GET
    @Path("/{id}/bookings")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Everyone invited to or booked on a task, with attendance")
    @APIResponse(responseCode = "200", description = "Bookings")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<VolunteerViews.Booking>> bookingsOf(@Parameter(example = "501") @PathParam("id") long id) {
        return bookings.ofTask(id, scope);
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Close a task that has started: no-shows are recorded, open invitations expire")
    @APIResponse(responseCode = "200", description = "The closed task")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<VolunteerViews.Task> close(@Parameter(example = "501") @PathParam("id") long id) {
        return attendance.close(id, scope);
    }

    @GET
    @Path("/nearby")
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Operation(summary = "Open tasks with free places near me that I may see, nearest first")
    @APIResponse(responseCode = "200", description = "Up to 50 tasks")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<List<VolunteerViews.NearbyTask>> nearby(
            @Parameter(example = "36.0871") @QueryParam("latitude") String latitude,
            @Parameter(example = "120.3745") @QueryParam("longitude") String longitude,
            @Parameter(description = "gcj02 (default) or wgs84", example = "gcj02") @QueryParam("coord") String coord,
            @Parameter(description = "Metres, 100-20000", example = "3000") @QueryParam("radius") @DefaultValue("3000") @Min(100) @Max(20000) int radius) {
        double lat = QueryParams.requiredDouble("latitude", latitude, -90, 90);
        double lon = QueryParams.requiredDouble("longitude", longitude, -180, 180);
        CoordinateSystem system = CoordinateSystem.fromQuery("coord", coord, CoordinateSystem.GCJ02);
        GeoPoint here = cn.palmcommunity.geo.ChinaCoordinates.toWgs84(new GeoPoint(lat, lon), system);
        return pool.withConnection(conn -> volunteers.ownId(conn, scope)).chain(me -> tasks.nearby(here, radius, me));
    }

    @POST
    @Path("/{id}/sign-up")
    @Idempotent
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Sign up for an open task I may see",
            description = "Refused with a problem document when already on it, missing a required skill, booked at an overlapping "
                    + "time, over the monthly cap, or when the task is full.")
    @APIResponse(responseCode = "201", description = "Booked")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<VolunteerViews.Booking>> signUp(@Parameter(example = "501") @PathParam("id") long id) {
        return bookings.signUp(id, scope).map(b -> RestResponse.status(RestResponse.Status.CREATED, b));
    }
}
