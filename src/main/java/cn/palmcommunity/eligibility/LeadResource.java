package cn.palmcommunity.eligibility;

import cn.palmcommunity.export.ExportFormat;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

@Path("/api/leads")
@Tag(name = "Leads", description = "Policy finds people (政策找人): the worker's worklist of residents a policy sweep found")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.DEPARTMENT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
public class LeadResource {

    private final LeadWorklist worklist;
    private final LeadExports exports;
    private final DataScope scope;
    private final Clock clock;

    public LeadResource(LeadWorklist worklist, LeadExports exports, DataScope scope, Clock clock) {
        this.worklist = worklist;
        this.exports = exports;
        this.scope = scope;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The worklist: leads in your communities, a page at a time",
            description = "In id order; pass nextCursor as cursor for the next page. ID numbers masked; phones masked unless your role "
                    + "phones residents.")
    @APIResponse(responseCode = "200", description = "A page of leads")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<LeadWorklistPage> list(
            @Parameter(description = "Only this policy", example = "3") @QueryParam("policyId") String policyId,
            @Parameter(description = "Only this status", example = "NEW") @QueryParam("status") String status,
            @Parameter(description = "Only this community (403 outside your scope)", example = "12") @QueryParam("communityId") String communityId,
            @Parameter(description = "nextCursor of the previous page", example = "5120") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-200 (default 50)", example = "50") @QueryParam("limit") String limit) {
        return worklist.page(scope, filter(policyId, status, communityId), QueryParams.optionalLong("cursor", cursor),
                QueryParams.optionalInt("limit", limit, 50, 1, 200));
    }

    @GET
    @Path("/counts")
    @Operation(summary = "Coverage: leads per policy and community by status, and the granted share",
            description = "E.g. the coverage of the high-age allowance: how many found, contacted, applied and granted in each community.")
    @APIResponse(responseCode = "200", description = "The counts")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<LeadCounts> counts(
            @Parameter(description = "Only this policy", example = "3") @QueryParam("policyId") String policyId,
            @Parameter(description = "Only this community (403 outside your scope)", example = "12") @QueryParam("communityId") String communityId) {
        LeadWorklist.Filter filter = filter(policyId, null, communityId);
        return worklist.counts(scope, filter.policyId(), filter.communityId());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One lead, with the facts that made the resident eligible")
    @APIResponse(responseCode = "200", description = "The lead")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<LeadView> one(@Parameter(example = "5120") @PathParam("id") long id) {
        return worklist.one(scope, id);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "A lead's status changes, oldest first, with notes and who made them")
    @APIResponse(responseCode = "200", description = "The history")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<LeadStatusEvent>> history(@Parameter(example = "5120") @PathParam("id") long id) {
        return worklist.history(scope, id);
    }

    @POST
    @Path("/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Move a lead on: contacted, applied, granted, declined or not eligible, with a note",
            description = "Send the version you saw: a lead someone else changed meanwhile is 409 stale-version; a move its status does "
                    + "not allow (e.g. NEW to GRANTED, or anything from a final status) is 409 illegal-transition. Recorded in the "
                    + "lead's history and the audit log. A lead that ends gets no further reminders.")
    @APIResponse(responseCode = "200", description = "The lead after the change")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<LeadView> changeStatus(@Parameter(example = "5120") @PathParam("id") long id, LeadStatusChange change,
                                      @Context HttpServerRequest http) {
        return worklist.changeStatus(scope, id, change, ip(http));
    }

    @POST
    @Path("/export")
    @Consumes(MediaType.APPLICATION_JSON)
    // One declared type (RESTEasy streams a Multi only without negotiation); the real one is set per format below.
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Export the worklist (CSV or XLSX)",
            description = "The same filters and scope as the worklist, masked the same way; recorded with its purpose in the audit log "
                    + "before the first byte.")
    @APIResponse(responseCode = "200", description = "The file",
            content = {@Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public RestMulti<byte[]> export(
            @Parameter(description = "csv (default) or xlsx", example = "xlsx") @QueryParam("format") String format,
            LeadExportRequest request,
            @Context HttpServerRequest http) {
        ExportFormat chosen = ExportFormat.fromQuery("format", format);
        LeadWorklist.Filter filter = request == null ? new LeadWorklist.Filter(null, null, null)
                : filter(request.policyId() == null ? null : request.policyId().toString(), request.status(),
                        request.communityId() == null ? null : request.communityId().toString());
        String file = "leads-" + LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai"))) + "." + chosen.extension();
        return RestMulti.fromUniResponse(exports.export(request, filter, chosen, scope, ip(http)), stream -> stream,
                stream -> Map.of("Content-Type", List.of(chosen.mediaType()),
                        "Content-Disposition", List.of("attachment; filename=\"" + file + "\"")));
    }

    private LeadWorklist.Filter filter(String policyId, String status, String communityId) {
        Long community = QueryParams.optionalLong("communityId", communityId);
        if (community != null) {
            scope.requireCommunity(community);
        }
        return new LeadWorklist.Filter(QueryParams.optionalLong("policyId", policyId),
                QueryParams.optionalEnum("status", status, LeadStatus.class), community);
    }

    private static String ip(HttpServerRequest http) {
        return http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }
}
