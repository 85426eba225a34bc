package cn.palmcommunity.resident;

import cn.palmcommunity.export.ExportFormat;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

@Path("/api/residents/search")
@Tag(name = "Residents", description = "The resident registry (数据仓)")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME,
    Role.COMMUNITY_WORKER_NAME, Role.GRID_WORKER_NAME, Role.DEPARTMENT_STAFF_NAME})
public class ResidentSearchResource {

    private final ResidentSearch search;
    private final ResidentExports exports;
    private final DataScope scope;

    public ResidentSearchResource(ResidentSearch search, ResidentExports exports, DataScope scope) {
        this.search = search;
        this.exports = exports;
        this.scope = scope;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Find residents by a filter",
            description = "Counts every match in your scope and returns one page in id order; pass nextCursor as after for the "
                    + "next. ID numbers masked; phones masked unless your role phones residents; department staff see only "
                    + "the fields and tags of their business and may filter only on those tags.")
    @APIResponse(responseCode = "200", description = "The count and a page")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<ResidentSearchResult> search(ResidentSearchRequest request) {
        return search.search(request, scope);
    }

    @POST
    @Path("/export")
    @Consumes(MediaType.APPLICATION_JSON)
    // One declared type (RESTEasy streams a Multi only without negotiation); the real one is set per format below.
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Export the residents a filter finds (CSV or XLSX)",
            description = "Streamed, masked as in lists, and recorded with its purpose in the audit log before the first byte.")
    @APIResponse(responseCode = "200", description = "The file",
            content = {@Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public RestMulti<byte[]> export(
            @Parameter(description = "csv (default) or xlsx", example = "xlsx") @QueryParam("format") String format,
            ResidentExportRequest request,
            @Context HttpServerRequest http) {
        ExportFormat chosen = ExportFormat.fromQuery("format", format);
        String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        String file = "residents-" + LocalDate.now(ResidentService.CHINA) + "." + chosen.extension();
        return RestMulti.fromUniResponse(exports.export(request, chosen, scope, ip), stream -> stream,
                stream -> Map.of("Content-Type", List.of(chosen.mediaType()),
                        "Content-Disposition", List.of("attachment; filename=\"" + file + "\"")));
    }
}
