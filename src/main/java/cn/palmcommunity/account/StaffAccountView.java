package cn.palmcommunity.account;

import cn.palmcommunity.security.Role;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "StaffAccount", description = "A staff account as administrators see it")
public record StaffAccountView(
        @Schema(example = "42") long id,
        @Schema(example = "worker.c001") String username,
        @Schema(example = "社区工作者 李梅") String displayName,
        @Schema(example = "COMMUNITY_WORKER") Role role,
        @Schema(example = "3") Long streetId,
        @Schema(example = "12") Long communityId,
        @Schema(example = "71") Long gridId,
        @Schema(example = "CIVIL_AFFAIRS") Department department,
        @Schema(example = "true") boolean enabled,
        @Schema(example = "2026-11-23T10:15:00+08:00", description = "Set while locked out after failed logins") OffsetDateTime lockedUntil) {

    static StaffAccountView of(Account a) {
        return new StaffAccountView(a.id, a.username, a.displayName, a.role, a.streetId, a.communityId, a.gridId, a.department,
                a.enabled, a.lockedUntil);
    }
}
