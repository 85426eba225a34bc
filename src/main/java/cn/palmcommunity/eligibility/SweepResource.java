package cn.palmcommunity.eligibility;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/api/eligibility/sweeps")
@Tag(name = "Eligibility", description = "Policy finds people (政策找人): policies, rules, sweeps and leads")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
public class SweepResource {

    private static final Logger LOG = Logger.getLogger(SweepResource.class);
    /** A stream ends after this long even if the sweep has not. */
    private static final Duration MAX_STREAM = Duration.ofMinutes(30);

    private final SweepJob sweeps;
    private final SweepProgress progress;

    public SweepResource(SweepJob sweeps, SweepProgress progress) {
        this.sweeps = sweeps;
        this.progress = progress;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @RolesAllowed(Role.DISTRICT_ADMIN_NAME)
    @Operation(summary = "Start a full sweep now", description = "District administrator. Runs in the background; follow it with "
            + "GET /api/eligibility/sweeps/current or the event stream. If another instance holds the sweep lock the run ends SKIPPED.")
    @APIResponse(responseCode = "202", description = "Started; the status at the start")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    public Uni<SweepStatusView> start() {
        if (!sweeps.idle()) {
            throw ProblemException.conflict("sweep-running", "A sweep is already running on this server");
        }
        // Fire and forget: the request returns at once, the sweep keeps its own subscription.
        sweeps.runOnce().subscribe().with(
                outcome -> outcome.ifPresent(o -> LOG.infof("Eligibility sweep (on request): %s", o)),
                failure -> LOG.errorf(failure, "Eligibility sweep (on request) failed"));
        return Uni.createFrom().item(progress.snapshot());
    }

    @GET
    @Path("/current")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status of the latest full sweep on this server", description = "Policies done, rows examined, leads added and closed.")
    @APIResponse(responseCode = "200", description = "The status")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public SweepStatusView current() {
        return progress.snapshot();
    }

    @GET
    @Path("/current/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow the sweep (Server-Sent Events)", description = "The status every half second while a sweep runs; "
            + "the stream ends after the first status that is not running.")
    @APIResponse(responseCode = "200", description = "A stream of SweepStatus events")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Multi<SweepStatusView> events() {
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createBy().concatenating().streams(
                        Multi.createFrom().item(progress::snapshot),
                        Multi.createFrom().ticks().every(Duration.ofMillis(500)).onOverflow().drop().map(tick -> progress.snapshot()))
                .select().first(status -> !ended.getAndSet(!status.running()))
                .select().first(MAX_STREAM);
    }
}
