package cn.palmcommunity.account;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth")
@Tag(name = "Auth", description = "Logging in and out: staff passwords, WeChat mini-program codes, refresh tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;
    private final DataScope scope;

    public AuthResource(AuthService auth, DataScope scope) {
        this.auth = auth;
        this.scope = scope;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Staff login with username and password",
            description = "After 5 wrong passwords in a row the account is locked for 15 minutes (429 with Retry-After).")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Uni<TokenResponse> login(@Valid @NotNull LoginRequest request) {
        return auth.login(request);
    }

    @POST
    @Path("/wechat")
    @PermitAll
    @Operation(summary = "Mini-program login for residents and riders",
            description = "Exchanges the wx.login code with WeChat's jscode2session; creates the account on first login.")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)
    @APIResponse(responseCode = "502", ref = ProblemResponses.BAD_GATEWAY)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Uni<TokenResponse> weChat(@Valid @NotNull WeChatLoginRequest request) {
        return auth.weChatLogin(request);
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Swap a refresh token for new tokens",
            description = "Each refresh token works once; presenting a used one revokes every token of that login.")
    @APIResponse(responseCode = "200", description = "New tokens")
    @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<TokenResponse> refresh(@Valid @NotNull RefreshRequest request) {
        return auth.refresh(request);
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Operation(summary = "Log out: revoke the refresh token and its family")
    @APIResponse(responseCode = "204", description = "Revoked (also when the token was unknown)")
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<Void> logout(@Valid @NotNull RefreshRequest request) {
        return auth.logout(request);
    }

    @GET
    @Path("/me")
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Who am I: the caller's account and data scope")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    public Uni<AccountView> me() {
        return auth.me(scope.accountId());
    }
}
