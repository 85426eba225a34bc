package cn.palmcommunity.petition;

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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Common needs (共性需求) for district, street and community staff. */
@Path("/api/petitions/common-needs")
@Tag(name = CommonNeedResource.TAG, description = CommonNeedResource.TAG_DESCRIPTION)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
public class CommonNeedResource {

    static final String TAG = "Petitions (insights)";
    static final String TAG_DESCRIPTION = "Common needs, hotspots, response/resolution/satisfaction rates and the monthly satisfaction self-check";
    /** Category codes as the category table allows them; anything else cannot match. */
    static final String CATEGORY_CODE = "[A-Z][A-Z0-9_]{1,39}";

    private final CommonNeeds needs;
    private final DataScope scope;

    public CommonNeedResource(CommonNeeds needs, DataScope scope) {
        this.needs = needs;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "Common needs: petitions of one category close together from several residents",
            description = "Petitions submitted in the last `days` (open and closed; merged and rejected ones left out) are clustered per "
                    + "category with DBSCAN at `radius` metres; a cluster is a common need when at least `minReporters` distinct "
                    + "residents stand behind it (filers by account or, for imported petitions, phone; co-signers too). Clusters wider "
                    + "than four radii are cut into pieces no wider than the radius. Most reporters first.")
    @APIResponse(responseCode = "200", description = "Common needs, most reporters first")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<CommonNeed>> commonNeeds(
            @Parameter(description = "Category code; all categories when absent", example = "NOISE") @QueryParam("category") String category,
            @Parameter(description = "Metres, 20-2000 (default 300)", example = "300") @QueryParam("radius") String radius,
            @Parameter(description = "Days back from now, 1-365 (default 30)", example = "30") @QueryParam("days") String days,
            @Parameter(description = "Distinct reporters a need takes, 2-100 (default 3)", example = "3") @QueryParam("minReporters") String minReporters,
            @Parameter(description = "One community of your scope; your whole scope when absent", example = "12") @QueryParam("community") String community,
            @Parameter(description = "Most needs to answer, 1-200 (default 50)", example = "50") @QueryParam("limit") String limit) {
        int window = QueryParams.optionalInt("days", days, 30, 1, 365);
        return needs.find(new CommonNeeds.Query(CommonNeeds.within(scope, QueryParams.optionalLong("community", community)),
                categoryCode(category), OffsetDateTime.now().minus(Duration.ofDays(window)),
                QueryParams.optionalInt("radius", radius, 300, 20, 2000),
                QueryParams.optionalInt("minReporters", minReporters, 3, 2, 100),
                QueryParams.optionalInt("limit", limit, 50, 1, 200)));
    }

    static String categoryCode(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!raw.strip().matches(CATEGORY_CODE)) {
            throw QueryParams.wrongType("category", "must be a category code such as NOISE");
        }
        return raw.strip();
    }
}
