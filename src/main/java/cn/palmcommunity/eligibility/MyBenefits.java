package cn.palmcommunity.eligibility;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "MyBenefits", description = "The benefits found for my linked resident record; open ones first, then newest first")
public record MyBenefits(
        @Schema(example = "true", description = "False until the account is linked to a resident record (then items is empty)") boolean linked,
        @Schema(description = "The benefits") List<MyBenefitView> items) {
}
