package cn.palmcommunity.open311;

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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The district administrator issues and revokes the keys civic clients use to file petitions over Open311. */
@Path("/api/open311/keys")
@Tag(name = "Open311 API keys", description = "Keys for civic clients of the Open311 GeoReport v2 endpoint "
        + "(/open311/v2/discovery.xml or .json; the GeoReport spec documents those routes and their XML/JSON formats)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.DISTRICT_ADMIN_NAME)
public class ApiKeyResource {

    private final ApiKeys keys;
    private final DataScope scope;

    public ApiKeyResource(ApiKeys keys, DataScope scope) {
        this.keys = keys;
        this.scope = scope;
    }

    // Deliberately not @Idempotent: a replayed answer would keep the clear key in the idempotency table
    // for a day. A retry issues a second key, which the admin can revoke.
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a key; the answer is the only time the key itself is shown")
    @APIResponse(responseCode = "201", description = "The new key")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<ApiKeys.IssuedApiKey>> issue(@Valid @NotNull ApiKeys.NewApiKey request) {
        return keys.issue(request, scope.accountId()).map(issued -> RestResponse.status(RestResponse.Status.CREATED, issued));
    }

    @GET
    @Operation(summary = "All keys, revoked ones included (never the keys themselves)")
    @APIResponse(responseCode = "200", description = "Keys in the order they were issued")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<ApiKeys.ApiKeyView>> list() {
        return keys.list();
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "Revoke a key: requests filed with it are refused from now on")
    @APIResponse(responseCode = "200", description = "The key, revoked")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<ApiKeys.ApiKeyView> revoke(@Parameter(example = "3") @PathParam("id") long id) {
        return keys.revoke(id);
    }
}
