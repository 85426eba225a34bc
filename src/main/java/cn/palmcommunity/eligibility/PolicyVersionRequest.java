package cn.palmcommunity.eligibility;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PolicyVersionRequest", description = "A version of a policy's rule with the dates it is in force")
public record PolicyVersionRequest(
        @Schema(type = SchemaType.OBJECT, description = "The eligibility rule (see the README's rule language)",
                example = "{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"livingStatus\": \"LIVING\"}]}") JsonNode rule,
        @Schema(example = "2027-01-01", description = "First day in force") LocalDate effectiveFrom,
        @Schema(example = "2028-01-01", description = "First day no longer in force; absent = open-ended") LocalDate effectiveTo,
        @Schema(example = "您已年满80周岁，可申领高龄津贴。") String residentReminder,
        @Schema(example = "辖区居民已满80周岁，请联系其申领高龄津贴。") String workerReminder) {
}
