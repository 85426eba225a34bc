package cn.palmcommunity.eligibility;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LeadExplanation", description = "Why a resident is a lead: the rule version used and the facts it found, with their sources")
public record LeadExplanationView(
        @Schema(example = "5120") long leadId,
        @Schema(example = "10452") long residentId,
        @Schema(example = "12") long communityId,
        @Schema(example = "HIGH_AGE_ALLOWANCE") String policyCode,
        @Schema(example = "高龄津贴") String policyName,
        @Schema(example = "1", description = "The rule version the decision used") int policyVersion,
        @Schema(type = SchemaType.OBJECT, example = "{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"livingStatus\": \"LIVING\"}]}",
                description = "That version's rule") JsonNode rule,
        @Schema(example = "ONCE") String cycleKey,
        @Schema(example = "NEW") String status,
        @Schema(example = "NO_LONGER_QUALIFIES", description = "Why the system closed it, if it did") String closedReason,
        @Schema(example = "2026-11-26T01:30:12+08:00") OffsetDateTime foundAt,
        @Schema(type = SchemaType.OBJECT, description = "The values the rule read, each with its source (feed, survey or self-report)",
                example = "{\"evaluatedOn\": \"2026-11-26\", \"age\": 81, \"birthDate\": {\"value\": \"1945-03-02\", \"source\": \"DEPARTMENT_FEED\","
                        + " \"feedName\": \"public-security-hukou\", \"feedRecordId\": \"H-88231\"}, \"livingStatus\": {\"value\": \"LIVING\","
                        + " \"source\": \"COMMUNITY_SURVEY\"}}") JsonNode facts) {
}
