package cn.palmcommunity.resident;

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

@Path("/api/resident-tags")
@Tag(name = "Residents", description = "The resident registry (数据仓)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class TagDefinitionResource {

    private final ResidentTags tags;
    private final DataScope scope;

    public TagDefinitionResource(ResidentTags tags, DataScope scope) {
        this.tags = tags;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
        Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
    @Operation(summary = "The tags residents can carry")
    @APIResponse(responseCode = "200", description = "Every definition, by code")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<TagDefinitionView>> list() {
        return tags.definitions();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Operation(summary = "Define a new tag", description = "District staff add the tags their work needs beyond the built-in ones.")
    @APIResponse(responseCode = "201", description = "Defined; Location names it")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<TagDefinitionView>> define(TagDefinitionView request, @Context UriInfo uri) {
        return tags.define(request, scope)
                .map(d -> RestResponse.ResponseBuilder.<TagDefinitionView>created(
                        uri.getAbsolutePathBuilder().path(d.code()).build()).entity(d).build());
    }
}
