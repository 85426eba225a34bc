package cn.palmcommunity.resident;

import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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

@Path("/api/compounds")
@Tag(name = "Residents", description = "The resident registry (数据仓)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
public class CompoundResource {

    private final Compounds compounds;
    private final DataScope scope;

    public CompoundResource(Compounds compounds, DataScope scope) {
        this.compounds = compounds;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "The compounds of a community")
    @APIResponse(responseCode = "200", description = "By name")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<CompoundView>> list(@Parameter(description = "Community id (required)", example = "12") @QueryParam("community") String community) {
        Long id = QueryParams.optionalLong("community", community);
        if (id == null) {
            throw cn.palmcommunity.error.ProblemException.invalidField("community", "is required");
        }
        return compounds.list(id, scope);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Add a compound to a community", description = "Its grid must lie in that community.")
    @APIResponse(responseCode = "201", description = "Added; Location names it")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<CompoundView>> create(CompoundView request, @Context UriInfo uri) {
        return compounds.create(request, scope)
                .map(c -> RestResponse.ResponseBuilder.<CompoundView>created(
                        uri.getAbsolutePathBuilder().path(Long.toString(c.id())).build()).entity(c).build());
    }
}
