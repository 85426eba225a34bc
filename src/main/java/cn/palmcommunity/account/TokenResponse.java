package cn.palmcommunity.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TokenResponse", description = "A short-lived access token and a revocable refresh token")
public record TokenResponse(
        @Schema(example = "eyJraWQiOiJwYWxtLTEiLCJhbGciOiJSUzI1NiJ9…") String accessToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(example = "900") long expiresIn,
        @Schema(example = "q1xZ0m5mQ3wS5hG9oYc1bT2t8Jm0Vf3kQy5Rz2bWc4E") String refreshToken,
        AccountView account) {
}
