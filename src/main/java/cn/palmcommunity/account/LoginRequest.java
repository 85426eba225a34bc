package cn.palmcommunity.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LoginRequest", description = "Staff login")
public record LoginRequest(
        @Schema(example = "worker.c001") @NotBlank @Size(max = 64) String username,
        @Schema(example = "Demo#2026") @NotBlank @Size(max = 128) String password) {
}
