package cn.palmcommunity.resident.feed;

import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

@Path("/api/discrepancies")
@Tag(name = "Reconciliation", description = "比对核准: department values that disagree with the community's records")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.COMMUNITY_WORKER_NAME, Role.STREET_STAFF_NAME, Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
public class DiscrepancyResource {

    private static final String WHO = "Community workers, street and district staff, for the communities of their scope.";

    private final Discrepancies discrepancies;
    private final DataScope scope;

    public DiscrepancyResource(Discrepancies discrepancies, DataScope scope) {
        this.discrepancies = discrepancies;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "Open discrepancies of your communities", description = "Oldest first, paged by id. " + WHO)
    @APIResponse(responseCode = "200", description = "A page of open discrepancies")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<DiscrepancyView>> open(
            @Parameter(description = "Only this community (inside your scope)", example = "12") @QueryParam("community") String community,
            @Parameter(description = "Only this field", example = "livingStatus") @QueryParam("field") String field,
            @Parameter(description = "Discrepancies after this id", example = "310") @QueryParam("after") String after,
            @Parameter(description = "Page size, 1-200 (default 50)", example = "50") @QueryParam("limit") String limit) {
        Long from = QueryParams.optionalLong("after", after);
        return discrepancies.open(scope, QueryParams.optionalLong("community", community), field == null || field.isBlank() ? null : field,
                from == null ? 0 : from, QueryParams.optionalInt("limit", limit, 50, 1, 200));
    }

    @GET
    @Path("/counts")
    @Operation(summary = "Open discrepancies per community", description = "Communities with none are left out. " + WHO)
    @APIResponse(responseCode = "200", description = "Counts, most first")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<DiscrepancyCount>> counts() {
        return discrepancies.counts(scope);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve a discrepancy by confirming one side",
            description = "FEED applies the department's value with its provenance; COMMUNITY keeps the recorded value, confirmed now. "
                    + "Audit-logged. A second resolution, or one on a stale version, answers 409. " + WHO)
    @APIResponse(responseCode = "200", description = "The resolved discrepancy")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<DiscrepancyView> resolve(@PathParam("id") long id, DiscrepancyResolution request) {
        return discrepancies.resolve(id, request, scope);
    }
}
