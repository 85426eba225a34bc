package cn.palmcommunity.organisation;

import cn.palmcommunity.error.ProblemException;
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

@Path("/api/org")
@Tag(name = "Organisation", description = "District → street → community → grid, as far as the caller's scope reaches")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.DEPARTMENT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class OrgResource {

    private final OrgUnits units;
    private final DataScope scope;

    public OrgResource(OrgUnits units, DataScope scope) {
        this.units = units;
        this.scope = scope;
    }

    @GET
    @Path("/streets")
    @Operation(summary = "Streets holding at least one community in the caller's scope")
    @APIResponse(responseCode = "200", description = "Streets by code")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<StreetView>> streets() {
        return units.streets(scope.communityFilter());
    }

    @GET
    @Path("/communities")
    @Operation(summary = "Communities in the caller's scope, optionally of one street")
    @APIResponse(responseCode = "200", description = "Communities by code")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<CommunityView>> communities(
            @Parameter(description = "Only this street's communities", example = "3") @QueryParam("street") String street) {
        return units.communities(scope.communityFilter(), QueryParams.optionalLong("street", street));
    }

    @GET
    @Path("/communities/{id}")
    @Operation(summary = "One community")
    @APIResponse(responseCode = "200", description = "The community")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<CommunityView> community(@Parameter(example = "12") @PathParam("id") long id) {
        return units.community(id).map(found -> {
            if (found == null) {
                throw ProblemException.notFound("Community", id);
            }
            scope.requireCommunity(id);
            return found;
        });
    }

    @GET
    @Path("/communities/{id}/grids")
    @Operation(summary = "The grids of one community")
    @APIResponse(responseCode = "200", description = "Grids by code")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<GridView>> grids(@Parameter(example = "12") @PathParam("id") long id) {
        return community(id).onItem().transformToUni(c -> units.grids(id));
    }
}
