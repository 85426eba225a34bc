package cn.palmcommunity.resident;

import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/residents/freshness")
@Tag(name = "Residents", description = "The resident registry (数据仓)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class FreshnessResource {

    private final Freshness freshness;
    private final DataScope scope;

    public FreshnessResource(Freshness freshness, DataScope scope) {
        this.freshness = freshness;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "How old each community's records are",
            description = "Living residents per community of your scope: how many, how many not confirmed for over a year, the median "
                    + "age of their last confirmation and the oldest one. Most overdue first.")
    @APIResponse(responseCode = "200", description = "One entry per community")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<FreshnessView>> communities() {
        return freshness.communities(scope);
    }

    @GET
    @Path("/{communityId}/stale")
    @Operation(summary = "A community's records not confirmed for over a year", description = "Oldest confirmation first: the visits to make.")
    @APIResponse(responseCode = "200", description = "A page of records")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<StaleRecordView>> stale(
            @PathParam("communityId") long communityId,
            @Parameter(description = "Page size, 1-500 (default 100)", example = "100") @QueryParam("limit") String limit,
            @Parameter(description = "Records to skip", example = "0") @QueryParam("offset") String offset) {
        return freshness.stale(communityId, scope, QueryParams.optionalInt("limit", limit, 100, 1, 500),
                QueryParams.optionalInt("offset", offset, 0, 0, 1_000_000));
    }

    @GET
    @Path("/checks")
    @Operation(summary = "What the nightly freshness job found",
            description = "The figures the job wrote per community on a day (the latest run when no day is given).")
    @APIResponse(responseCode = "200", description = "One entry per community of your scope")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<FreshnessCheckView>> checks(
            @Parameter(description = "The day of the run", example = "2026-11-26") @QueryParam("day") String day) {
        return freshness.checks(scope, QueryParams.optionalDate("day", day));
    }
}
