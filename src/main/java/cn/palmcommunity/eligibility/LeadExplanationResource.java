package cn.palmcommunity.eligibility;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/eligibility/lead-explanations")
@Tag(name = "Eligibility", description = "Policy finds people (政策找人): policies, rules, sweeps and leads")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class LeadExplanationResource {

    private final LeadExplanations explanations;
    private final DataScope scope;

    public LeadExplanationResource(LeadExplanations explanations, DataScope scope) {
        this.explanations = explanations;
        this.scope = scope;
    }

    @GET
    @Path("/{leadId}")
    @Operation(summary = "Why a resident is a lead", description = "The rule version used and the facts with their sources, so a "
            + "worker can tell the resident why. Only leads in your communities (and grids).")
    @APIResponse(responseCode = "200", description = "The explanation")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<LeadExplanationView> explain(@Parameter(example = "5120") @PathParam("leadId") long leadId) {
        return explanations.explain(leadId, scope);
    }
}
