package cn.palmcommunity.eligibility;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which leads to export (the worklist filters) and why (kept in the audit log). */
@Schema(name = "LeadExportRequest")
public record LeadExportRequest(
        @Schema(example = "高龄津贴入户核实名单", required = true, description = "Why the list is exported, 2-200 characters") String purpose,
        @Schema(example = "3") Long policyId,
        @Schema(example = "NEW") String status,
        @Schema(example = "12") Long communityId) {
}
