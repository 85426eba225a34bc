package cn.palmcommunity.eligibility;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One benefit the platform found a resident eligible for, as the resident reads it: the policy in
 * plain words, the reminder written for residents, who to apply to, and where the community is with
 * it. No worker notes and nothing about other people.
 */
@Schema(name = "MyBenefit")
public record MyBenefitView(
        @Schema(example = "5120") long leadId,
        @Schema(example = "HIGH_AGE_ALLOWANCE") String policyCode,
        @Schema(example = "高龄津贴") String policyName,
        @Schema(example = "本区户籍、年满80周岁的老年人按月领取高龄津贴") String description,
        @Schema(example = "80-89周岁每月100元，90-99周岁每月300元，100周岁以上每月600元") String benefit,
        @Schema(example = "区民政局") String administeredBy,
        @Schema(example = "您已年满80周岁，可申请高龄津贴，请携带身份证、户口簿到社区办理", description = "The policy version's reminder for residents")
        String reminder,
        @Schema(example = "ONCE", description = "ONCE, a year (2026) or a month (2026-11)") String cycleKey,
        @Schema(example = "CONTACTED", description = "NEW, CONTACTED, APPLIED, GRANTED, DECLINED or NOT_ELIGIBLE") LeadStatus status,
        @Schema(example = "合肥路社区", description = "The community that follows it up with you") String communityName,
        @Schema(example = "2026-11-20T02:00:00Z") OffsetDateTime foundAt,
        @Schema(example = "2026-11-21T09:30:00Z") OffsetDateTime updatedAt) {
}
