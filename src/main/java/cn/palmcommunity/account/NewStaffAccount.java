package cn.palmcommunity.account;

import cn.palmcommunity.security.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NewStaffAccount", description = "A staff account to create; which unit ids are needed depends on the role")
public record NewStaffAccount(
        @Schema(example = "worker.zhang") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{3,64}", message = "3-64 letters, digits, dots, dashes or underscores") String username,
        @Schema(example = "社区工作者 张敏") @NotBlank @Size(max = 60) String displayName,
        @Schema(example = "Initial#Pass2026") @NotBlank @Size(min = 10, max = 128) String password,
        @Schema(example = "COMMUNITY_WORKER") @NotNull Role role,
        @Schema(example = "3", description = "For STREET_STAFF") Long streetId,
        @Schema(example = "12", description = "For COMMUNITY_WORKER and GRID_WORKER") Long communityId,
        @Schema(example = "71", description = "For GRID_WORKER") Long gridId,
        @Schema(example = "CIVIL_AFFAIRS", description = "For DEPARTMENT_STAFF") Department department) {
}
