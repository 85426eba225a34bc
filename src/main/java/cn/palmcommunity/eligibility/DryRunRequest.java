package cn.palmcommunity.eligibility;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DryRunRequest", description = "A candidate rule to compare with the version in force, without storing anything")
public record DryRunRequest(
        @Schema(type = SchemaType.OBJECT, example = "{\"all\": [{\"age\": {\"atLeast\": 75}}, {\"livingStatus\": \"LIVING\"}]}") JsonNode rule,
        @Schema(example = "2027-01-01", description = "The evaluation day (default today); the current version is the one in force that day")
        LocalDate on) {
}
