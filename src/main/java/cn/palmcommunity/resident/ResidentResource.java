package cn.palmcommunity.resident;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/residents")
@Tag(name = "Residents", description = "The resident registry (数据仓)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ResidentResource {

    private final ResidentService residents;
    private final DataScope scope;

    public ResidentResource(ResidentService residents, DataScope scope) {
        this.residents = residents;
        this.scope = scope;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
        Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
    @Operation(summary = "Read a resident's full record",
            description = "Workers inside the resident's data scope only; department staff see only the fields and tags of their "
                    + "business. Every read is written to the audit log with its purpose.")
    @APIResponse(responseCode = "200", description = "The record, ID number masked")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<ResidentRecord> fullRecord(
            @PathParam("id") long id,
            @Parameter(description = "Why the record is read (kept in the audit log)", example = "home visit to an aged resident living alone")
            @QueryParam("purpose") @NotBlank @Size(min = 2, max = 200) String purpose,
            @Context HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return residents.fullRecord(id, purpose.strip(), scope, ip);
    }
}
