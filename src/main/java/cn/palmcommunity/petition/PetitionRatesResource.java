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
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Response, resolution and satisfaction rates (响应率, 解决率, 满意率). */
@Path("/api/petitions/rates")
@Tag(name = CommonNeedResource.TAG, description = CommonNeedResource.TAG_DESCRIPTION)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME, Role.STREET_STAFF_NAME, Role.COMMUNITY_WORKER_NAME})
public class PetitionRatesResource {

    private static final String PERIOD = "Over the petitions submitted in [from, to) (China days; default this month), merged ones "
            + "left out: response rate = accepted within the accept limit / submitted; resolution rate = resolved, visited or "
            + "closed and never reopened / submitted; satisfaction rate = rated 4-5 / rated. Each with numerator and "
            + "denominator; a rate is null when its denominator is 0.";

    private final PetitionRates rates;
    private final DataScope scope;

    public PetitionRatesResource(PetitionRates rates, DataScope scope) {
        this.rates = rates;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "The three rates of a community, a street or the district", description = PERIOD)
    @APIResponse(responseCode = "200", description = "The rates")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<PetitionRatesView> rates(
            @Parameter(description = "community, street or district", example = "community") @QueryParam("level") String level,
            @Parameter(description = "The community or street; for the district, optional (yours)", example = "12") @QueryParam("id") String id,
            @Parameter(description = "First day, China time", example = "2026-11-01") @QueryParam("from") String from,
            @Parameter(description = "Day after the last, China time", example = "2026-12-01") @QueryParam("to") String to) {
        PetitionRates.Level unit = QueryParams.optionalEnum("level", level == null ? null : level.toUpperCase(Locale.ROOT),
                PetitionRates.Level.class);
        if (unit == null) {
            throw QueryParams.wrongType("level", "is required: community, street or district");
        }
        return rates.rates(scope, unit, QueryParams.optionalLong("id", id), period(from, to));
    }

    @GET
    @Path("/by-community")
    @Operation(summary = "The three rates for every community of my scope", description = PERIOD)
    @APIResponse(responseCode = "200", description = "A row per community, by id")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<List<PetitionRatesView>> byCommunity(
            @Parameter(description = "First day, China time", example = "2026-11-01") @QueryParam("from") String from,
            @Parameter(description = "Day after the last, China time", example = "2026-12-01") @QueryParam("to") String to) {
        return rates.byCommunity(scope, period(from, to));
    }

    private static PetitionRates.Period period(String from, String to) {
        LocalDate month = YearMonth.now(ChinaTime.CHINA).atDay(1);
        return PetitionRates.Period.of(from, to, month, month.plusMonths(1));
    }
}
