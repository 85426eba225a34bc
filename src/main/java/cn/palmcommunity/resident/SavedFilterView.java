package cn.palmcommunity.resident;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A filter a worker saved to run again. */
@Schema(name = "SavedFilter")
public record SavedFilterView(
        @Schema(example = "31") long id,
        @Schema(example = "两癌筛查：35-64岁未筛查妇女") String name,
        ResidentFilter filter,
        @Schema(example = "2026-11-20T10:00:00+08:00") OffsetDateTime createdAt,
        @Schema(example = "2026-11-21T09:00:00+08:00") OffsetDateTime updatedAt) {
}
