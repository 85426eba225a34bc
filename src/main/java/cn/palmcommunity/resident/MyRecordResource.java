package cn.palmcommunity.resident;

import cn.palmcommunity.http.QueryParams;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/me/record")
@Tag(name = "My record", description = "A resident's own registry record and who read it")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.RESIDENT_NAME)
public class MyRecordResource {

    private final MyRecord myRecord;
    private final DataScope scope;

    public MyRecordResource(MyRecord myRecord, DataScope scope) {
        this.myRecord = myRecord;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "My resident record", description = "Everything the registry holds about me, with the source of each value.")
    @APIResponse(responseCode = "200", description = "My record")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<ResidentRecord> record() {
        return myRecord.record(scope.accountId());
    }

    @GET
    @Path("/access-log")
    @Operation(summary = "Who in government read my record", description = "Newest first: when, who, for which unit, and the stated purpose.")
    @APIResponse(responseCode = "200", description = "The reads")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<RecordAccessView>> accessLog(
            @Parameter(description = "How many, 1-500 (default 100)", example = "100") @QueryParam("limit") String limit) {
        return myRecord.accessLog(scope.accountId(), QueryParams.optionalInt("limit", limit, 100, 1, 500));
    }

    @POST
    @Path("/link")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Link my account to my resident record",
            description = "ID number, name and the phone my community has on file must all match; one account per record.")
    @APIResponse(responseCode = "200", description = "Linked; my record")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<ResidentRecord> link(RecordLinkRequest request) {
        return myRecord.link(scope.accountId(), request);
    }
}
