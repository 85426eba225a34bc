package cn.palmcommunity.security;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs short-lived RS256 access tokens. The private key is read once at start-up, off the event
 * loop; without one the server still runs (health, public pages) but refuses to log anyone in.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);

    private final String keyLocation;
    private final Duration ttl;
    private volatile PrivateKey signingKey;

    public AccessTokens(@ConfigProperty(name = "palm.jwt.private-key-location") String keyLocation,
                        @ConfigProperty(name = "palm.auth.access-token-ttl") Duration ttl) {
        this.keyLocation = keyLocation;
        this.ttl = ttl;
    }

    void loadKey(@Observes StartupEvent event) {
        Path path = Path.of(keyLocation);
        if (!Files.isReadable(path)) {
            LOG.errorf("No JWT signing key at %s: set PALM_JWT_PRIVATE_KEY_LOCATION; logins are refused until then", path);
            return;
        }
        try {
            signingKey = KeyUtils.decodePrivateKey(Files.readString(path));
        } catch (Exception e) {
            LOG.errorf("JWT signing key at %s cannot be read (%s); logins are refused", path, e.getClass().getSimpleName());
        }
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(AccountPrincipal account) {
        PrivateKey key = signingKey;
        if (key == null) {
            throw new ProblemException(Problem.of(503, "signing-key-missing", "Login unavailable",
                    "The server has no token signing key configured"));
        }
        JwtClaimsBuilder claims = Jwt.subject(Long.toString(account.id()))
                .upn(account.loginName())
                .groups(account.role().name())
                .claim(Claims.NAME, account.displayName())
                .claim(Claims.SCOPE, account.role().level().name())
                .expiresIn(ttl);
        if (account.districtId() != null) {
            claims.claim(Claims.DISTRICT, account.districtId());
        }
        if (account.role().level() != Role.ScopeLevel.DISTRICT && account.role().isStaff()) {
            claims.claim(Claims.COMMUNITIES, account.communityIds());
        }
        if (!account.gridIds().isEmpty()) {
            claims.claim(Claims.GRIDS, account.gridIds());
        }
        if (account.department() != null) {
            claims.claim(Claims.DEPARTMENT, account.department());
        }
        return claims.jws().keyId("palm-1").sign(key);
    }
}
