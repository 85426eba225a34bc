package cn.palmcommunity.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RefreshRequest")
public record RefreshRequest(
        @Schema(example = "q1xZ0m5mQ3wS5hG9oYc1bT2t8Jm0Vf3kQy5Rz2bWc4E") @NotBlank @Size(max = 100) String refreshToken) {
}
