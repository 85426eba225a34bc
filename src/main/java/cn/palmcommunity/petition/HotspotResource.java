package cn.palmcommunity.petition;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The petition hotspot / risk map for district, street and community staff. */
@Path("/api/petitions/hotspots")
@Tag(name = CommonNeedResource.TAG, description = CommonNeedResource.TAG_DESCRIPTION)
// GeoJSON unless the client accepts only plain JSON.
@Produces({HotspotFeatures.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
public class HotspotResource {

    private final Hotspots hotspots;
    private final DataScope scope;

    public HotspotResource(Hotspots hotspots, DataScope scope) {
        this.hotspots = hotspots;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "Hotspot map: petition counts per grid cell or per community, as GeoJSON",
            description = "An RFC 7946 FeatureCollection (WGS-84, positions [longitude, latitude]) of the petitions submitted in "
                    + "[from, to) (China days; default the last 30 days) in your scope. by=cell: square cells of `cell` metres as "
                    + "Polygons (petitions without a location are not on this map); by=community: each community's boundary, else "
                    + "its centre as a Point. Merged petitions are counted once, in the petition they were merged into.")
    @APIResponse(responseCode = "200", description = "The map, busiest first")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<HotspotFeatures.Collection> hotspots(
            @Parameter(description = "cell (default) or community", example = "cell") @QueryParam("by") String by,
            @Parameter(description = "Cell size in metres, 50-5000 (default 250)", example = "250") @QueryParam("cell") String cell,
            @Parameter(example = "NOISE") @QueryParam("category") String category,
            @Parameter(example = "SUBMITTED") @QueryParam("status") String status,
            @Parameter(description = "true: only open petitions (not yet resolved); false: only the others", example = "true")
            @QueryParam("open") String open,
            @Parameter(description = "First day, China time", example = "2026-11-01") @QueryParam("from") String from,
            @Parameter(description = "Day after the last, China time", example = "2026-12-01") @QueryParam("to") String to) {
        Hotspots.By grouping = QueryParams.optionalEnum("by", by == null ? null : by.toUpperCase(Locale.ROOT), Hotspots.By.class);
        LocalDate tomorrow = LocalDate.now(ChinaTime.CHINA).plusDays(1);
        PetitionRates.Period period = PetitionRates.Period.of(from, to, tomorrow.minusDays(30), tomorrow);
        return hotspots.map(new Hotspots.Query(grouping == null ? Hotspots.By.CELL : grouping,
                QueryParams.optionalInt("cell", cell, 250, 50, 5000), scope.communityFilter(), CommonNeedResource.categoryCode(category),
                QueryParams.optionalEnum("status", status, PetitionStatus.class), optionalBoolean("open", open),
                period.start(), period.end()));
    }

    private static Boolean optionalBoolean(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw QueryParams.wrongType(name, "must be true or false");
        };
    }
}
