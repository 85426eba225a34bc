package cn.palmcommunity.volunteer;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Answering invitations and attending: by the person from the mini program, or by a worker of the
 * task's community on behalf of someone without it (a phone call, the lead's list at the door).
 */
@Path("/api/volunteer-bookings")
@Tag(name = "Volunteer bookings", description = "Accept or decline invitations; check in and out")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.RESIDENT_NAME, Role.RIDER_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class VolunteerBookingResource {

    private final Bookings bookings;
    private final Attendance attendance;
    private final DataScope scope;

    public VolunteerBookingResource(Bookings bookings, Attendance attendance, DataScope scope) {
        this.bookings = bookings;
        this.attendance = attendance;
        this.scope = scope;
    }

    @POST
    @Path("/{id}/accept")
    @Operation(summary = "Accept an invitation")
    @APIResponse(responseCode = "200", description = "Booked")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<VolunteerViews.Booking> accept(@Parameter(example = "9001") @PathParam("id") long id) {
        return bookings.accept(id, scope);
    }

    @POST
    @Path("/{id}/decline")
    @Operation(summary = "Decline an invitation or withdraw before the task starts; the next best is invited")
    @APIResponse(responseCode = "200", description = "Declined")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<VolunteerViews.Booking> decline(@Parameter(example = "9001") @PathParam("id") long id) {
        return bookings.decline(id, scope);
    }

    @POST
    @Path("/{id}/check-in")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check in at the place: a position within the task's radius, or the lead's code",
            description = "Open from 30 minutes before the start until the end.")
    @APIResponse(responseCode = "200", description = "Checked in")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<VolunteerViews.Booking> checkIn(@Parameter(example = "9001") @PathParam("id") long id,
                                               @Valid @NotNull VolunteerCommands.Attendance proof) {
        return attendance.checkIn(id, proof, scope);
    }

    @POST
    @Path("/{id}/check-out")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check out; the hours go to the time bank when check-in to check-out covers at least 60% of the task",
            description = "Accepted until an hour after the end.")
    @APIResponse(responseCode = "200", description = "Checked out: COMPLETED with credited minutes, or SHORT")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<VolunteerViews.Booking> checkOut(@Parameter(example = "9001") @PathParam("id") long id,
                                                @Valid @NotNull VolunteerCommands.Attendance proof) {
        return attendance.checkOut(id, proof, scope);
    }
}
