package cn.palmcommunity.account;

import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/accounts")
@Tag(name = "Accounts", description = "Staff accounts: the district admin manages all, street staff their communities' workers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.STREET_STAFF_NAME})
public class StaffAccountResource {

    private final StaffAccountService service;
    private final DataScope scope;

    public StaffAccountResource(StaffAccountService service, DataScope scope) {
        this.service = service;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @Operation(summary = "Create a staff account")
    @APIResponse(responseCode = "201", description = "Created; Location names the account")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<StaffAccountView>> create(@Valid @NotNull NewStaffAccount request, @Context UriInfo uri) {
        return service.create(request, scope)
                .map(created -> RestResponse.ResponseBuilder.<StaffAccountView>created(
                        uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build());
    }

    @GET
    @Operation(summary = "Staff accounts in the caller's scope, in id order, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of accounts")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<AccountPage> list(
            @Parameter(description = "Only this community's accounts", example = "12") @QueryParam("community") String community,
            @Parameter(description = "Only this role", example = "COMMUNITY_WORKER") @QueryParam("role") String role,
            @Parameter(description = "nextCursor of the previous page", example = "1234") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100", example = "50") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit) {
        return service.page(scope, QueryParams.optionalLong("community", community), QueryParams.optionalEnum("role", role, Role.class),
                QueryParams.optionalLong("cursor", cursor), limit);
    }

    @POST
    @Path("/{id}/unlock")
    @Operation(summary = "Lift a lock-out after failed logins")
    @APIResponse(responseCode = "200", description = "The account, unlocked")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<StaffAccountView> unlock(@Parameter(example = "42") @PathParam("id") long id) {
        return service.unlock(id, scope);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable an account and end all its sessions")
    @APIResponse(responseCode = "200", description = "The account, disabled")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<StaffAccountView> disable(@Parameter(example = "42") @PathParam("id") long id) {
        return service.setEnabled(id, false, scope);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable a disabled account")
    @APIResponse(responseCode = "200", description = "The account, enabled")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<StaffAccountView> enable(@Parameter(example = "42") @PathParam("id") long id) {
        return service.setEnabled(id, true, scope);
    }
}
