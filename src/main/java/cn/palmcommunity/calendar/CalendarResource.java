package cn.palmcommunity.calendar;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/calendar")
@Tag(name = "Calendar", description = "Public holidays and make-up working days that working-day deadlines count with")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.DEPARTMENT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class CalendarResource {

    private final CalendarDays days;
    private final DataScope scope;

    public CalendarResource(CalendarDays days, DataScope scope) {
        this.days = days;
        this.scope = scope;
    }

    @GET
    @Path("/{year}")
    @Operation(summary = "The holidays and make-up working days of one year, by date")
    @APIResponse(responseCode = "200", description = "The year's exceptions to the Monday-to-Friday week")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<CalendarDayView>> year(@Parameter(example = "2026") @PathParam("year") String year) {
        return days.year(parseYear(year));
    }

    @PUT
    @Path("/days/{date}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make one day a holiday or a make-up working day (replaces what was set for it)")
    @APIResponse(responseCode = "200", description = "The day as now set")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @RolesAllowed(Role.DISTRICT_ADMIN_NAME)
    public Uni<CalendarDayView> put(@Parameter(example = "2026-10-10") @PathParam("date") String date,
                                    @Valid @NotNull CalendarDayChange change) {
        return days.put(parseDate(date), change, scope.accountId());
    }

    @DELETE
    @Path("/days/{date}")
    @Operation(summary = "Return one day to the ordinary week")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @RolesAllowed(Role.DISTRICT_ADMIN_NAME)
    public Uni<Void> delete(@Parameter(example = "2026-10-10") @PathParam("date") String date) {
        return days.delete(parseDate(date));
    }

    // Path values are parsed here rather than by JAX-RS, which would answer a bad one with a bare 404.
    static int parseYear(String raw) {
        if (raw != null && raw.matches("\\d{4}")) {
            return Integer.parseInt(raw);
        }
        throw wrongType("year", "must be a four-digit year such as 2026");
    }

    static LocalDate parseDate(String raw) {
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw wrongType("date", "must be a date such as 2026-10-01");
        }
    }

    private static ProblemException wrongType(String field, String message) {
        return new ProblemException(Problem.of(400, "wrong-type", "Request is not valid", field + " " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }
}
