package cn.palmcommunity.eligibility;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Policy", description = "A benefit and the versions of its eligibility rule")
public record PolicyView(
        @Schema(example = "3") long id,
        @Schema(example = "HIGH_AGE_ALLOWANCE") String code,
        @Schema(example = "高龄津贴") String name,
        @Schema(example = "Monthly allowance for residents aged 80 and over") String description,
        @Schema(example = "100-500 yuan a month by age band") String benefit,
        @Schema(example = "民政科 Civil Affairs") String administeredBy,
        @Schema(example = "ONCE") String cycle,
        @Schema(example = "true") boolean active,
        @Schema(example = "2026-11-20T09:12:00+08:00") OffsetDateTime createdAt,
        @Schema(example = "1", description = "The version in force today, if any") Integer versionInForce,
        @Schema(description = "Every version, oldest first") List<PolicyVersionView> versions) {
}
