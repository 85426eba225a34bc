package cn.palmcommunity.petition;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The three rates of a community, a street or the district over [from, to), over the petitions
 * submitted in that period (merged ones left out). Each rate comes with its numerator and
 * denominator and is null when the denominator is 0.
 */
@Schema(name = "PetitionRates", description = "Response, resolution and satisfaction rates of the petitions submitted in a period")
public record PetitionRatesView(
        @Schema(example = "COMMUNITY", enumeration = {"COMMUNITY", "STREET", "DISTRICT"}) String level,
        @Schema(example = "12") long id,
        @Schema(example = "合肥路社区") String name,
        @Schema(example = "2026-11-01", description = "First day, China time") LocalDate from,
        @Schema(example = "2026-12-01", description = "Day after the last, China time") LocalDate to,
        @Schema(example = "120", description = "Petitions submitted in the period") long submitted,
        @Schema(example = "114", description = "Of those, accepted within their accept limit") long acceptedInTime,
        @Schema(example = "0.95", description = "acceptedInTime / submitted (响应率)") Double responseRate,
        @Schema(example = "96", description = "Of those, resolved (resolved, visited or closed) and never reopened") long resolved,
        @Schema(example = "0.8", description = "resolved / submitted (解决率)") Double resolutionRate,
        @Schema(example = "80", description = "Of those, rated by the resident") long rated,
        @Schema(example = "72", description = "Of the rated, rated 4 or 5") long satisfied,
        @Schema(example = "0.9", description = "satisfied / rated (满意率)") Double satisfactionRate) {

    /** A ratio to four decimals, or null when there is nothing to divide by. */
    static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : Math.round(numerator * 10_000.0 / denominator) / 10_000.0;
    }
}
