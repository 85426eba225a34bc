package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A search: the filter, the page size and where the previous page ended. */
@Schema(name = "ResidentSearchRequest")
public record ResidentSearchRequest(
        @Schema(description = "Who to find; absent means everyone in your scope") ResidentFilter filter,
        @Schema(example = "50", description = "Page size, 1-200, default 50") Integer limit,
        @Schema(example = "10450", description = "nextCursor of the previous page") String after) {
}
