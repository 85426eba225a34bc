package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Who to find: every given condition must hold (absent ones do not filter). Always narrowed to the
 * caller's data scope on the server.
 */
@io.quarkus.runtime.annotations.RegisterForReflection
@Schema(name = "ResidentFilter")
public record ResidentFilter(
        @Schema(example = "35", description = "Age in whole years on ageOn, at least") Integer ageMin,
        @Schema(example = "64", description = "Age in whole years on ageOn, at most") Integer ageMax,
        @Schema(example = "2026-12-31", description = "The day ages are counted on; today (China time) when absent") LocalDate ageOn,
        @Schema(example = "F", enumeration = {"M", "F"}) String sex,
        @Schema(example = "[\"AGED_LIVING_ALONE\"]", description = "Has every one of these tags now") List<String> tagsAll,
        @Schema(example = "[\"LOW_INCOME\", \"DISABILITY\"]", description = "Has at least one of these tags now") List<String> tagsAny,
        @Schema(example = "[\"PARTY_MEMBER\"]", description = "Has none of these tags now") List<String> tagsNone,
        @Schema(example = "[12]") List<Long> communityIds,
        @Schema(example = "[71, 72]") List<Long> gridIds,
        @Schema(example = "[5]") List<Long> compoundIds,
        @Schema(example = "[\"LIVING\"]", description = "LIVING, DECEASED, MOVED_OUT") List<String> livingStatus,
        @Schema(description = "Has the tag, but nobody confirmed it on or after the date (data maintenance)") TagSince tagNotConfirmedSince,
        @Schema(description = "Has no confirmation of the tag on or after the date, or never had it (\"not screened this year\")") TagSince withoutTagSince,
        @Schema(example = "2026-01-01", description = "No home visit on or after this day") LocalDate notVisitedSince) {

    public static final ResidentFilter EVERYONE = new ResidentFilter(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    /** A tag and a day. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    @Schema(name = "TagSince")
    public record TagSince(
            @Schema(example = "TWO_CANCER_SCREENED") String tag,
            @Schema(example = "2026-01-01") LocalDate since) {
    }
}
