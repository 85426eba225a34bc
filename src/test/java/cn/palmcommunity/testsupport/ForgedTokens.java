package cn.palmcommunity.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

/**
 * Tokens made outside the login flow, to try to break in: signed with the server's own development
 * key but with something wrong in the claims, or signed with a stranger's key.
 */
public final class ForgedTokens {

    public static final String ISSUER = "https://palm.community/shibei";

    private ForgedTokens() {
    }

    /** A claim set that the server would accept: a community worker of community 1. */
    public static JwtClaimsBuilder validClaims() {
        return Jwt.issuer(ISSUER).audience("palm-api").subject("1").upn("forged").groups("COMMUNITY_WORKER")
                .claim("scope_level", "COMMUNITY").claim("communities", List.of(1L))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600));
    }

    public static String signedByServerKey(JwtClaimsBuilder claims) {
        return claims.jws().keyId("palm-1").sign(serverKey());
    }

    public static String signedByStranger(JwtClaimsBuilder claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims.jws().keyId("palm-1").sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey serverKey() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of(".dev/keys/jwt-private.pem")));
        } catch (Exception e) {
            throw new IllegalStateException("development key missing; src/dev/dev-keys runs before tests", e);
        }
    }
}
