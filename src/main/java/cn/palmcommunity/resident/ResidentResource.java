package cn.palmcommunity.resident;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.idempotency.IdempotencyKeys;
import cn.palmcommunity.idempotency.Idempotent;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.jboss.resteasy.reactive.RestResponse;
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

    static final String WRITERS_NOTE = "Community and grid workers, street and district staff, inside their scope.";

    private final ResidentService residents;
    private final ResidentRegistry registry;
    private final ResidentTags tags;
    private final FieldAccessPolicy accessPolicy;
    private final ResidentSurveys surveys;
    private final DataScope scope;

    public ResidentResource(ResidentService residents, ResidentRegistry registry, ResidentTags tags, FieldAccessPolicy accessPolicy,
                            ResidentSurveys surveys, DataScope scope) {
        this.residents = residents;
        this.registry = registry;
        this.tags = tags;
        this.accessPolicy = accessPolicy;
        this.surveys = surveys;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Enter a resident into the registry",
            description = "The ID number is checked (GB 11643) and stored encrypted; sex and birth date, when given, must agree with it. "
                    + "The compound fixes community and grid; the household is found or created from building, unit and room. "
                    + WRITERS_NOTE)
    @APIResponse(responseCode = "201", description = "Registered; Location names the resident")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<RestResponse<ResidentRecord>> create(NewResident request, @Context UriInfo uri) {
        return registry.create(request, scope)
                .map(created -> RestResponse.ResponseBuilder.<ResidentRecord>created(
                        uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build());
    }

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
        Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
    @Operation(summary = "Find a resident by full ID number",
            description = "Exact match through the keyed hash; 404 when there is none inside your scope.")
    @APIResponse(responseCode = "200", description = "The resident, masked as in lists")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<ResidentListItem> lookup(ResidentIdLookup request) {
        return registry.lookup(request, scope);
    }

    @GET
    @Path("/{id}/tags")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
        Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
    @Operation(summary = "A resident's tag history", description = "Every tag row, ended ones too. Logged with its purpose.")
    @APIResponse(responseCode = "200", description = "The rows, by tag and date")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<List<ResidentTagView>> tagHistory(
            @PathParam("id") long id,
            @Parameter(description = "Why the history is read (kept in the audit log)", example = "disability subsidy review")
            @QueryParam("purpose") @NotBlank @Size(min = 2, max = 200) String purpose) {
        return accessPolicy.forCaller(scope).onItem().transformToUni(access -> tags.history(id, purpose.strip(), scope, access));
    }

    @POST
    @Path("/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Give a resident a tag, or confirm it",
            description = "The same tag with the same detail only refreshes its confirmation; another level or occupation ends the "
                    + "current row and starts a new one. " + WRITERS_NOTE)
    @APIResponse(responseCode = "200", description = "The current tag row")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<ResidentTagView> giveTag(@PathParam("id") long id, NewResidentTag request) {
        return tags.give(id, request, scope);
    }

    @POST
    @Path("/{id}/tags/{code}/end")
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "End a resident's current tag", description = "The row stays in the history with its end day. " + WRITERS_NOTE)
    @APIResponse(responseCode = "200", description = "The ended row")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<ResidentTagView> endTag(@PathParam("id") long id, @Parameter(example = "LOW_INCOME") @PathParam("code") String code,
                                       @Parameter(description = "Last day it held; today when absent", example = "2026-10-31")
                                       @QueryParam("until") String until) {
        return tags.end(id, code, QueryParams.optionalDate("until", until), scope);
    }

    @POST
    @Path("/{id}/visits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @RolesAllowed({Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Record a home visit", description = "Feeds the \"not visited since\" filter.")
    @APIResponse(responseCode = "200", description = "The visit")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<VisitView> visit(@PathParam("id") long id, NewVisit request) {
        return tags.visit(id, request, scope);
    }

    @POST
    @Path("/{id}/survey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
    @RolesAllowed({Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME})
    @Operation(summary = "Update a resident from a home visit (community survey)",
            description = "Phone, home, living status and tags as found on the visit, each recorded with source COMMUNITY_SURVEY, the "
                    + "worker, the time and the visit, which is recorded too; the record counts as confirmed now (an empty update "
                    + "confirms it as it stands). A living status DECEASED stops what depends on the person being alive. Audit-logged.")
    @APIResponse(responseCode = "200", description = "The visit and the values recorded")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<SurveyResult> survey(@PathParam("id") long id, SurveyUpdate request) {
        return surveys.record(id, request, scope);
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
