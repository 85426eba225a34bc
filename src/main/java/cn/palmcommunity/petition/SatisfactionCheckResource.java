package cn.palmcommunity.petition;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.YearMonth;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The monthly satisfaction self-check (满意度自查) and its callbacks. */
@Path("/api/petitions/self-checks")
@Tag(name = CommonNeedResource.TAG, description = CommonNeedResource.TAG_DESCRIPTION)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
public class SatisfactionCheckResource {

    private final SatisfactionChecks checks;
    private final DataScope scope;

    public SatisfactionCheckResource(SatisfactionChecks checks, DataScope scope) {
        this.checks = checks;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "A month's satisfaction self-check, a row per community",
            description = "Written on the 1st for the month before: the ratings given in the month (1-5), how many were 4-5, "
                    + "how many 1-3 (each becomes a callback) and the callbacks pending and made. Empty until the month is generated.")
    @APIResponse(responseCode = "200", description = "The month")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<SatisfactionCheckViews.Month> month(
            @Parameter(description = "Default: last month (China time)", example = "2026-10") @QueryParam("month") String month,
            @Parameter(description = "One community of your scope", example = "12") @QueryParam("community") String community) {
        return checks.month(month(month), CommonNeeds.within(scope, QueryParams.optionalLong("community", community)));
    }

    @GET
    @Path("/callbacks")
    @Operation(summary = "The dissatisfied ratings of a month to call back (回访), oldest first")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<SatisfactionCheckViews.CallbackPage> callbacks(
            @Parameter(description = "Default: last month (China time)", example = "2026-10") @QueryParam("month") String month,
            @Parameter(description = "One community of your scope", example = "12") @QueryParam("community") String community,
            @Parameter(description = "true: still to call; false: called", example = "true") @QueryParam("pending") String pending,
            @Parameter(example = "77") @QueryParam("cursor") String cursor,
            @Parameter(description = "1-200 (default 50)", example = "50") @QueryParam("limit") String limit) {
        Boolean onlyPending = pending == null || pending.isBlank() ? null : switch (pending.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw QueryParams.wrongType("pending", "must be true or false");
        };
        return checks.callbacks(month(month), CommonNeeds.within(scope, QueryParams.optionalLong("community", community)), onlyPending,
                QueryParams.optionalLong("cursor", cursor), QueryParams.optionalInt("limit", limit, 50, 1, 200));
    }

    @POST
    @Path("/callbacks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.COMMUNITY_WORKER_NAME)
    @Operation(summary = "Record a callback as made, with its outcome (the community's worker)")
    @APIResponse(responseCode = "200", description = "The callback, made")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<SatisfactionCheckViews.Callback> done(@Parameter(example = "77") @PathParam("id") long id,
                                                     @Valid @NotNull SatisfactionCheckViews.Done done) {
        return checks.markDone(id, done, scope);
    }

    private static YearMonth month(String raw) {
        YearMonth month = QueryParams.optionalYearMonth("month", raw);
        return month != null ? month : YearMonth.now(ChinaTime.CHINA).minusMonths(1);
    }
}
