package cn.palmcommunity.account;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AccountPage", description = "Accounts in id order; pass nextCursor as cursor for the next page")
public record AccountPage(
        List<StaffAccountView> items,
        @Schema(example = "1234", description = "Absent on the last page") Long nextCursor) {
}
