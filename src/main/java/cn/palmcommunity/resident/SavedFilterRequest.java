package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Name and filter of a saved filter. */
@Schema(name = "SavedFilterRequest")
public record SavedFilterRequest(
        @Schema(example = "两癌筛查：35-64岁未筛查妇女", description = "1-100 characters, unique per account") String name,
        ResidentFilter filter) {
}
