package cn.palmcommunity.demo;

import cn.palmcommunity.account.AuthService;
import cn.palmcommunity.account.TokenResponse;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.openapi.ProblemResponses;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Residents sign in through WeChat; a browser outside WeChat has no code to offer. In the demo
 * district (and only there) this gives the phone web app a resident of its own, with real tokens from
 * the same token service. With {@code palm.demo.enabled=false} the endpoint does not exist (404).
 */
@Path("/api/auth/demo-resident")
@Tag(name = "Auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DemoResidentResource {

    /** Demo accounts are told apart from real WeChat users by this openid prefix. */
    static final String OPENID_PREFIX = "demo-resident:";

    private final Pool pool;
    private final AuthService auth;
    private final Validator validator;
    private final boolean demoEnabled;

    public DemoResidentResource(Pool pool, AuthService auth, Validator validator,
                                @ConfigProperty(name = "palm.demo.enabled") boolean demoEnabled) {
        this.pool = pool;
        this.validator = validator;
        this.auth = auth;
        this.demoEnabled = demoEnabled;
    }

    @POST
    @PermitAll
    @Operation(summary = "Demo district only: sign in as a demo resident (stands in for the WeChat login in a plain browser)",
            description = "The same device id always gets the same demo resident. Answers 404 unless the demo district is enabled.")
    @APIResponse(responseCode = "200", description = "Signed in")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Uni<TokenResponse> signIn(DemoResidentSignIn request) {
        if (!demoEnabled) {
            // Exactly like any unknown path, checked before the body: production does not advertise a demo door.
            throw new NotFoundException();
        }
        if (request == null) {
            throw ProblemException.invalidField("deviceId", "must not be blank");
        }
        Set<ConstraintViolation<DemoResidentSignIn>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            ConstraintViolation<DemoResidentSignIn> first = violations.iterator().next();
            throw ProblemException.invalidField(first.getPropertyPath().toString(), first.getMessage());
        }
        String name = request.nickname() == null || request.nickname().isBlank() ? "演示居民" : request.nickname().strip();
        return pool.preparedQuery("""
                        INSERT INTO account (role, display_name, wechat_openid) VALUES ('RESIDENT', $1, $2)
                        ON CONFLICT (wechat_openid) DO UPDATE SET display_name = account.display_name
                        RETURNING id, role, enabled""")
                .execute(Tuple.of(name, OPENID_PREFIX + request.deviceId()))
                .map(rows -> {
                    var row = rows.iterator().next();
                    if (!row.getBoolean("enabled") || !"RESIDENT".equals(row.getString("role"))) {
                        throw ProblemException.forbidden("This demo account is not available");
                    }
                    return row.getLong("id");
                })
                .chain(auth::sessionFor);
    }
}
