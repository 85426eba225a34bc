package cn.palmcommunity.eligibility;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/me/benefits")
@Tag(name = "My benefits", description = "Policy finds people (政策找人), seen by the resident: the benefits found for me")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.RESIDENT_NAME)
public class MyBenefitResource {

    private final ResidentBenefits benefits;
    private final DataScope scope;

    public MyBenefitResource(ResidentBenefits benefits, DataScope scope) {
        this.benefits = benefits;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "My benefit reminders (我的待遇提醒)",
            description = "The benefits a policy sweep found my linked resident record eligible for: the policy, the benefit, the reminder, "
                    + "who administers it and where my community is with it (open ones first). Only my own record's; linked is false, "
                    + "and the list empty, until the account is linked (POST /api/me/record/link).")
    @APIResponse(responseCode = "200", description = "My benefits")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<MyBenefits> mine() {
        return benefits.of(scope.accountId());
    }
}
