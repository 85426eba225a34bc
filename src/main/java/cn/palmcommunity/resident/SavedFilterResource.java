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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

@Path("/api/residents/filters")
@Tag(name = "Residents", description = "The resident registry (数据仓)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
public class SavedFilterResource {

    private final SavedFilters filters;
    private final DataScope scope;

    public SavedFilterResource(SavedFilters filters, DataScope scope) {
        this.filters = filters;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "My saved filters")
    @APIResponse(responseCode = "200", description = "By name")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<SavedFilterView>> list() {
        return filters.list(scope);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Save a filter", description = "Validated as a search would be.")
    @APIResponse(responseCode = "201", description = "Saved; Location names it")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<SavedFilterView>> create(SavedFilterRequest request, @Context UriInfo uri) {
        return filters.create(request, scope)
                .map(saved -> RestResponse.ResponseBuilder.<SavedFilterView>created(
                        uri.getAbsolutePathBuilder().path(Long.toString(saved.id())).build()).entity(saved).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of my saved filters")
    @APIResponse(responseCode = "200", description = "The filter")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<SavedFilterView> get(@Parameter(example = "31") @PathParam("id") long id) {
        return filters.get(id, scope);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename or change a saved filter")
    @APIResponse(responseCode = "200", description = "The filter as saved")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<SavedFilterView> update(@Parameter(example = "31") @PathParam("id") long id, SavedFilterRequest request) {
        return filters.update(id, request, scope);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a saved filter")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<Void> delete(@Parameter(example = "31") @PathParam("id") long id) {
        return filters.delete(id, scope);
    }

    @POST
    @Path("/{id}/run")
    @Operation(summary = "Run a saved filter", description = "Count and a page, over your scope as it is now.")
    @APIResponse(responseCode = "200", description = "The count and a page")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<ResidentSearchResult> run(@Parameter(example = "31") @PathParam("id") long id,
                                         @Parameter(description = "Page size, 1-200", example = "50") @QueryParam("limit") String limit,
                                         @Parameter(description = "nextCursor of the previous page", example = "10450") @QueryParam("after") String after) {
        return filters.run(id, QueryParams.optionalInt("limit", limit, ResidentSearch.DEFAULT_LIMIT, 1, ResidentSearch.MAX_LIMIT), after, scope);
    }
}
