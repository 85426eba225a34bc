package cn.palmcommunity.resident.feed;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of an upload's error report, by row number. */
@Schema(name = "FeedErrorPage")
public record FeedRowErrorView(
        @Schema(description = "The rejected rows") List<Item> items,
        @Schema(example = "1052", description = "Pass as after= for the next page; null on the last") Long next) {

    @Schema(name = "FeedRowError")
    public record Item(
            @Schema(example = "17", description = "Line number in the file (the header is line 1)") long row,
            @Schema(example = "D-2026-000123") String recordId,
            @Schema(example = "id_number") String field,
            @Schema(example = "check digit does not match (expected 7)") String reason) {
    }
}
