package cn.palmcommunity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The cache in front of token verification must answer exactly what verifying again would. */
class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Map<String, Integer> verifications = new HashMap<>();

    /** Verifies "good-…" tokens (expiring at 1,000,900) and refuses everything else, counting calls. */
    private final DefaultJWTParser verifier = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.merge(token, 1, Integer::sum);
            if (!token.startsWith("good-") || now.get() >= 1_000_900) {
                throw new ParseException("refused " + token);
            }
            return new Token(token, 1_000_900);
        }
    };

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromMemory() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 10, now::get);
        JsonWebToken first = tokens.parse("good-1");
        assertSame(first, tokens.parse("good-1"));
        assertSame(first, tokens.parse("good-1"));
        assertEquals(1, verifications.get("good-1"));
    }

    @Test
    void refusalsAreNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 10, now::get);
        assertThrows(ParseException.class, () -> tokens.parse("forged"));
        assertThrows(ParseException.class, () -> tokens.parse("forged"));
        assertEquals(2, verifications.get("forged"));
        assertEquals(0, tokens.size());
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndRefused() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 10, now::get);
        tokens.parse("good-1");
        now.set(1_000_899);
        tokens.parse("good-1");
        assertEquals(1, verifications.get("good-1"));
        now.set(1_000_900);
        assertThrows(ParseException.class, () -> tokens.parse("good-1"));
        assertEquals(2, verifications.get("good-1"));
        assertEquals(0, tokens.size());
    }

    @Test
    void theMemoryIsBounded() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 3, now::get);
        for (int i = 0; i < 10; i++) {
            tokens.parse("good-" + i);
            assertTrue(tokens.size() <= 3, "at most 3 remembered, not " + tokens.size());
        }
        tokens.parse("good-9");
        assertEquals(1, verifications.get("good-9"), "the newest token stays remembered");
    }

    @Test
    void aCapacityOfZeroVerifiesEveryTime() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 0, now::get);
        tokens.parse("good-1");
        tokens.parse("good-1");
        assertEquals(2, verifications.get("good-1"));
    }

    private record Token(String raw, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return raw;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claimName) {
            return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
        }
    }
}
