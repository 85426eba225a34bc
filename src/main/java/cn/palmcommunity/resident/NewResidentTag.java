package cn.palmcommunity.resident;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tag given to a resident (or confirmed again, when it holds already with the same detail). */
@Schema(name = "NewResidentTag")
public record NewResidentTag(
        @Schema(example = "DISABILITY") String code,
        @Schema(example = "2", description = "1-4, required for tags with a level") Integer level,
        @Schema(example = "DELIVERY_RIDER", enumeration = {"DELIVERY_RIDER", "COURIER", "DRIVER", "LIVE_STREAMER", "OTHER"},
                description = "Required for tags with an occupation") String occupation,
        @Schema(example = "2024-05-01", description = "Since when it holds; today when absent") LocalDate since,
        @Schema(example = "COMMUNITY_SURVEY", enumeration = {"COMMUNITY_SURVEY", "SELF_REPORT"}) String source) {
}
