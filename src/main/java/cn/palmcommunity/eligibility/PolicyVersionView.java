package cn.palmcommunity.eligibility;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PolicyVersion", description = "One version of a policy's rule")
public record PolicyVersionView(
        @Schema(example = "12") long id,
        @Schema(example = "2") int version,
        @Schema(type = SchemaType.OBJECT, example = "{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"livingStatus\": \"LIVING\"}]}") JsonNode rule,
        @Schema(example = "2027-01-01") LocalDate effectiveFrom,
        @Schema(example = "2028-01-01", description = "Exclusive; absent = open-ended") LocalDate effectiveTo,
        @Schema(example = "您已年满80周岁，可申领高龄津贴。") String residentReminder,
        @Schema(example = "辖区居民已满80周岁，请联系其申领高龄津贴。") String workerReminder,
        @Schema(example = "2026-11-20T09:12:00+08:00") OffsetDateTime createdAt) {
}
