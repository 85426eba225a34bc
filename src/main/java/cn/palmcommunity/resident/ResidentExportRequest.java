package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An export: the filter and why the list is taken out of the system (kept in the audit log). */
@Schema(name = "ResidentExportRequest")
public record ResidentExportRequest(
        @Schema(description = "Who to export; absent means everyone in your scope") ResidentFilter filter,
        @Schema(example = "two-cancer screening invitation list", description = "2-200 characters") String purpose) {
}
