package cn.palmcommunity.petition;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the monthly satisfaction self-check (满意度自查) answers and accepts. */
public final class SatisfactionCheckViews {

    private SatisfactionCheckViews() {
    }

    @Schema(name = "SatisfactionCheckMonth", description = "A month's self-check, a row per community of your scope")
    public record Month(
            @Schema(example = "2026-10") String month,
            List<Community> communities) {
    }

    @Schema(name = "SatisfactionCheck", description = "One community's ratings given in the month")
    public record Community(
            @Schema(example = "12") long communityId,
            @Schema(example = "合肥路社区") String communityName,
            @Schema(example = "40", description = "Ratings given in the month") int rated,
            @Schema(example = "36", description = "Rated 4 or 5") int satisfied,
            @Schema(example = "4", description = "Rated 1 to 3: each is called back") int dissatisfied,
            @Schema(example = "0.9", description = "satisfied / rated; null when nothing was rated") Double rate,
            @Schema(example = "2026-11-01T02:00:03+08:00") OffsetDateTime generatedAt,
            @Schema(example = "3") int callbacksPending,
            @Schema(example = "1") int callbacksDone) {
    }

    @Schema(name = "SatisfactionCallback", description = "A dissatisfied rating to call back (回访)")
    public record Callback(
            @Schema(example = "77") long id,
            @Schema(example = "1024") long petitionId,
            @Schema(example = "12") long communityId,
            @Schema(example = "2026-10") String month,
            @Schema(example = "NOISE") String categoryCode,
            @Schema(example = "2") int rating,
            @Schema(example = "还是很吵") String comment,
            @Schema(example = "居民", description = "Absent when the reporter chose anonymity") String reporterName,
            @Schema(example = "138****1234") String contactPhoneMasked,
            @Schema(example = "2026-11-03T10:20:00+08:00", description = "Null until called back") OffsetDateTime calledBackAt,
            @Schema(example = "29") Long calledBackBy,
            @Schema(example = "已再次协调店主，居民表示理解") String outcome) {
    }

    @Schema(name = "SatisfactionCallbackPage")
    public record CallbackPage(
            List<Callback> items,
            @Schema(example = "77", description = "Pass as cursor for the next page; null on the last") Long nextCursor) {
    }

    @Schema(name = "SatisfactionCallbackDone", description = "What came of the call")
    public record Done(@Schema(example = "已再次协调店主，居民表示理解") @NotBlank @Size(max = 1000) String outcome) {
    }
}
