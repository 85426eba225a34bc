package cn.palmcommunity.eligibility;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DryRun", description = "How a candidate rule would change who qualifies, per community in your scope")
public record DryRunView(
        @Schema(example = "3") long policyId,
        @Schema(example = "1", description = "The version in force on the day, absent when none is (everyone would be new)") Integer currentVersion,
        @Schema(example = "2027-01-01") LocalDate on,
        @Schema(description = "Communities where anyone qualifies under either rule, by id") List<Community> communities,
        @Schema(description = "Sums over the communities") Community total) {

    @Schema(name = "DryRunCommunity")
    public record Community(
            @Schema(example = "12", description = "Absent in the total") Long communityId,
            @Schema(example = "青岛路社区") String communityName,
            @Schema(example = "140", description = "Qualify under the version in force") long currentCount,
            @Schema(example = "171", description = "Would qualify under the candidate rule") long candidateCount,
            @Schema(example = "31", description = "Would newly be included") long newlyIncluded,
            @Schema(example = "0", description = "Would be dropped") long dropped) {
    }
}
