package cn.palmcommunity.resident;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many residents match, and one page of them in id order. */
@Schema(name = "ResidentSearchResult")
public record ResidentSearchResult(
        @Schema(example = "4371") long count,
        List<ResidentListItem> items,
        @Schema(example = "10450", description = "Pass as after for the next page; null on the last page") String nextCursor) {
}
