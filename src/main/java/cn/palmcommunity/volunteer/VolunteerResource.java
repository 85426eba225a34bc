package cn.palmcommunity.volunteer;

import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** People of the governance forces: registered by workers or signed up from the mini program; their time bank. */
@Path("/api/volunteers")
@Tag(name = "Volunteers", description = "Governance-force people, their skills, availability and service hours (时间银行)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class VolunteerResource {

    private final Volunteers volunteers;
    private final HoursLedger ledger;
    private final Bookings bookings;
    private final DataScope scope;

    public VolunteerResource(Volunteers volunteers, HoursLedger ledger, Bookings bookings, DataScope scope) {
        this.volunteers = volunteers;
        this.ledger = ledger;
        this.bookings = bookings;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Register a person of a governance force (a worker registers someone of their communities)")
    @APIResponse(responseCode = "201", description = "Registered; Location names the person")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<VolunteerViews.Volunteer>> register(@Valid @NotNull VolunteerCommands.Profile profile, @Context UriInfo uri) {
        return volunteers.register(profile, scope).map(v -> RestResponse.ResponseBuilder.<VolunteerViews.Volunteer>created(
                uri.getBaseUriBuilder().path("api/volunteers").path(Long.toString(v.id())).build()).entity(v).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Change a person's profile: categories, skills and certificates, availability, home, cap")
    @APIResponse(responseCode = "200", description = "The profile as stored")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<VolunteerViews.Volunteer> update(@Parameter(example = "101") @PathParam("id") long id,
                                                @Valid @NotNull VolunteerCommands.Profile profile) {
        return volunteers.update(id, profile, scope);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "A person's profile (the read is written to the audit log)")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<VolunteerViews.Volunteer> get(@Parameter(example = "101") @PathParam("id") long id, @Context HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return volunteers.get(id, scope, ip);
    }

    @GET
    @Path("/{id}/hours")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "A person's time bank: every entry and the balance")
    @APIResponse(responseCode = "200", description = "The ledger")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<VolunteerViews.Ledger> hours(@Parameter(example = "101") @PathParam("id") long id) {
        return ledger.ofVolunteer(id, scope);
    }

    @POST
    @Path("/{id}/hours/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Correct the time bank with a new entry and its reason (entries are never edited)")
    @APIResponse(responseCode = "201", description = "The correction entry")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<VolunteerViews.LedgerEntry>> correct(@Parameter(example = "101") @PathParam("id") long id,
                                                                 @Valid @NotNull VolunteerCommands.Correction correction) {
        return ledger.correct(id, correction, scope).map(e -> RestResponse.status(RestResponse.Status.CREATED, e));
    }

    @GET
    @Path("/{id}/hours/certificate")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "A printable certificate of a person's service hours")
    @APIResponse(responseCode = "200", description = "An HTML page to print", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<String> certificate(@Parameter(example = "101") @PathParam("id") long id) {
        return ledger.certificate(id, scope);
    }

    @PUT
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Operation(summary = "Sign up as a volunteer, or change my volunteer profile (mini program)")
    @APIResponse(responseCode = "200", description = "My profile as stored")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<VolunteerViews.Volunteer> saveMine(@Valid @NotNull VolunteerCommands.Profile profile) {
        return volunteers.saveMine(profile, scope);
    }

    @GET
    @Path("/me")
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Operation(summary = "My volunteer profile")
    @APIResponse(responseCode = "200", description = "My profile")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<VolunteerViews.Volunteer> mine() {
        return volunteers.mine(scope);
    }

    @GET
    @Path("/me/bookings")
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Operation(summary = "My invitations and bookings, latest task first")
    @APIResponse(responseCode = "200", description = "Up to 200 bookings")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<VolunteerViews.Booking>> myBookings() {
        return bookings.mine(scope);
    }

    @GET
    @Path("/me/hours")
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Operation(summary = "My time bank")
    @APIResponse(responseCode = "200", description = "The ledger")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<VolunteerViews.Ledger> myHours() {
        return ledger.mine(scope);
    }

    @GET
    @Path("/me/hours/certificate")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME})
    @Operation(summary = "A printable certificate of my service hours")
    @APIResponse(responseCode = "200", description = "An HTML page to print", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<String> myCertificate() {
        return ledger.myCertificate(scope);
    }
}
