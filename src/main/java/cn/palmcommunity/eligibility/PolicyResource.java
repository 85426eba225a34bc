package cn.palmcommunity.eligibility;

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
import jakarta.ws.rs.PathParam;
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

@Path("/api/eligibility/policies")
@Tag(name = "Eligibility", description = "Policy finds people (政策找人): policies, rules, sweeps and leads")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
public class PolicyResource {

    private final Policies policies;
    private final DryRuns dryRuns;
    private final DataScope scope;

    public PolicyResource(Policies policies, DryRuns dryRuns, DataScope scope) {
        this.policies = policies;
        this.dryRuns = dryRuns;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "Every policy with its rule versions")
    @APIResponse(responseCode = "200", description = "By code")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<PolicyView>> list() {
        return policies.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One policy with its rule versions")
    @APIResponse(responseCode = "200", description = "The policy")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<PolicyView> get(@Parameter(example = "3") @PathParam("id") long id) {
        return policies.get(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Create a policy", description = "District staff; optionally with its first rule version.")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<PolicyView>> create(PolicyRequest request, @Context UriInfo uri) {
        return policies.create(request, scope)
                .map(created -> RestResponse.ResponseBuilder.<PolicyView>created(
                        uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build());
    }

    @POST
    @Path("/{id}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b12")
    @Operation(summary = "Add a rule version", description = "The rule is validated and compiled before it is stored. Versions "
            + "never overlap; a new open-ended version ends the open-ended one before it on its first day.")
    @APIResponse(responseCode = "201", description = "The version as stored")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<PolicyVersionView>> addVersion(@Parameter(example = "3") @PathParam("id") long id,
                                                           PolicyVersionRequest request, @Context UriInfo uri) {
        return policies.addVersion(id, request, scope)
                .map(created -> RestResponse.ResponseBuilder.<PolicyVersionView>created(
                        uri.getAbsolutePathBuilder().path(Integer.toString(created.version())).build()).entity(created).build());
    }

    @POST
    @Path("/{id}/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME})
    @Operation(summary = "Dry-run a candidate rule", description = "Per community in your scope: how many living residents would newly "
            + "qualify and how many would be dropped compared with the version in force. Stores nothing.")
    @APIResponse(responseCode = "200", description = "Counts per community")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<DryRunView> dryRun(@Parameter(example = "3") @PathParam("id") long id, DryRunRequest request) {
        return dryRuns.run(id, request, scope);
    }
}
