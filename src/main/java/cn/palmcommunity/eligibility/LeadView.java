package cn.palmcommunity.eligibility;

import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One lead on a worker's worklist: who, which policy, where the worker is with it, and why the resident qualifies. */
@Schema(name = "Lead")
public record LeadView(
        @Schema(example = "5120") long id,
        @Schema(example = "1024") long residentId,
        @Schema(example = "王秀英") String residentName,
        @Schema(example = "370***********123X") String idNumberMasked,
        @Schema(example = "138****5678", description = "Whole only for roles that phone residents; null when not your business") String phone,
        @Schema(example = "12") long communityId,
        @Schema(example = "合肥路社区") String communityName,
        @Schema(example = "71") Long gridId,
        @Schema(example = "3") long policyId,
        @Schema(example = "HIGH_AGE_ALLOWANCE") String policyCode,
        @Schema(example = "高龄津贴") String policyName,
        @Schema(example = "2", description = "The rule version that found the lead") int policyVersion,
        @Schema(example = "ONCE", description = "ONCE, a year (2026) or a month (2026-11)") String cycleKey,
        @Schema(example = "NEW") LeadStatus status,
        @Schema(example = "DECEASED", description = "Why the system closed it; null unless CLOSED") String closedReason,
        @Schema(example = "{\"age\": {\"value\": 80, \"source\": \"birth_date\"}}", description = "The facts that made the resident eligible")
        Map<String, Object> facts,
        @Schema(example = "请核实老人户籍与居住情况，协助申请高龄津贴") String workerReminder,
        @Schema(example = "2026-11-20T02:00:00Z") OffsetDateTime foundAt,
        @Schema(example = "2026-11-21T09:30:00Z") OffsetDateTime updatedAt,
        @Schema(example = "2026-11-20T02:01:00Z", description = "When the reminders were written; null until then") OffsetDateTime remindedAt,
        @Schema(example = "1", description = "Send it back with a status change; a stale one is 409") int version) {
}
