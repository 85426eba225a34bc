package cn.palmcommunity.account;

import cn.palmcommunity.security.Role;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Account", description = "An account and its data scope")
public record AccountView(
        @Schema(example = "42") long id,
        @Schema(example = "worker.c001") String username,
        @Schema(example = "社区工作者 李梅") String displayName,
        @Schema(example = "COMMUNITY_WORKER") Role role,
        @Schema(example = "COMMUNITY") Role.ScopeLevel scopeLevel,
        @Schema(example = "[12]", description = "Communities in scope; empty for district-wide and self scopes") List<Long> communityIds,
        @Schema(example = "[]") List<Long> gridIds,
        @Schema(example = "CIVIL_AFFAIRS") Department department) {
}
