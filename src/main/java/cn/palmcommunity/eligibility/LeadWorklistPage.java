package cn.palmcommunity.eligibility;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LeadWorklistPage", description = "Leads in id order; pass nextCursor as cursor for the next page")
public record LeadWorklistPage(
        @Schema(description = "This page's leads") List<LeadView> items,
        @Schema(example = "5120", description = "Absent on the last page") Long nextCursor) {
}
