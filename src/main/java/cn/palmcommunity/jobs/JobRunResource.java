package cn.palmcommunity.jobs;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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

@Path("/api/jobs")
@Tag(name = "Jobs", description = "Runs of the scheduled jobs, for the district administrator")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.DISTRICT_ADMIN_NAME)
public class JobRunResource {

    private static final int MAX_LIMIT = 200;

    private final JobRuns runs;

    public JobRunResource(JobRuns runs) {
        this.runs = runs;
    }

    @GET
    @Path("/runs")
    @Operation(summary = "Recent job runs, newest first, optionally of one job")
    @APIResponse(responseCode = "200", description = "Job runs, newest first")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<List<JobRunView>> recent(
            @Parameter(description = "Only this job's runs", example = "petition-escalation") @QueryParam("job") String job,
            @Parameter(description = "How many runs, 1-200 (default 50)", example = "50") @QueryParam("limit") String limit) {
        Long n = QueryParams.optionalLong("limit", limit);
        if (n != null && (n < 1 || n > MAX_LIMIT)) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return runs.recent(job == null || job.isBlank() ? null : job.strip(), n == null ? 50 : n.intValue());
    }
}
