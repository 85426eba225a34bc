package cn.palmcommunity.account;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opaque, rotating refresh tokens. Only a SHA-256 of each is stored. Presenting a token that was
 * already rotated means it was copied: the whole family (every token of that login) is revoked.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final Duration ttl;

    public RefreshTokens(Pool pool, @ConfigProperty(name = "palm.auth.refresh-token-ttl") Duration ttl) {
        this.pool = pool;
        this.ttl = ttl;
    }

    /** Starts a new family for a fresh login. */
    public Uni<String> issue(long accountId) {
        return pool.withConnection(conn -> insert(conn, accountId, UUID.randomUUID()).map(Issued::token));
    }

    /** Swaps a valid token for a new one of the same family; answers the account it belongs to. */
    public Uni<Rotated> rotate(String presented) {
        byte[] hash = hash(presented);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT id, family_id, account_id, expires_at, revoked_at, replaced_by
                          FROM refresh_token WHERE token_hash = $1 FOR UPDATE""")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash)))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Rotated.rejected("unknown refresh token"));
                    }
                    Row row = rows.iterator().next();
                    UUID family = row.getUUID("family_id");
                    if (row.getValue("revoked_at") != null) {
                        if (row.getValue("replaced_by") != null) {
                            // A rotated token came back: someone holds a copy. End every session of this login.
                            return revokeFamily(conn, family).replaceWith(Rotated.rejected("refresh token was already used; please log in again"));
                        }
                        return Uni.createFrom().item(Rotated.rejected("refresh token was revoked"));
                    }
                    if (row.getOffsetDateTime("expires_at").isBefore(OffsetDateTime.now(ZoneOffset.UTC))) {
                        return Uni.createFrom().item(Rotated.rejected("refresh token expired"));
                    }
                    long accountId = row.getLong("account_id");
                    UUID oldId = row.getUUID("id");
                    return insert(conn, accountId, family).onItem().transformToUni(issued -> conn
                            .preparedQuery("UPDATE refresh_token SET revoked_at = now(), replaced_by = $2 WHERE id = $1")
                            .execute(Tuple.of(oldId, issued.id()))
                            .replaceWith(new Rotated(accountId, issued.token(), null)));
                }))
                .map(rotated -> {
                    if (rotated.failure() != null) {
                        throw ProblemException.unauthorized(rotated.failure());
                    }
                    return rotated;
                });
    }

    /** Logout: the presented token's family is revoked. Unknown tokens are ignored (logout is idempotent). */
    public Uni<Void> revoke(String presented) {
        return pool.preparedQuery("""
                        UPDATE refresh_token SET revoked_at = now()
                         WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL""")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash(presented))))
                .replaceWithVoid();
    }

    /** Disabling an account ends all its sessions. */
    public Uni<Void> revokeAll(long accountId) {
        return pool.preparedQuery("UPDATE refresh_token SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(accountId)).replaceWithVoid();
    }

    private Uni<Void> revokeFamily(SqlConnection conn, UUID family) {
        return conn.preparedQuery("UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(family)).replaceWithVoid();
    }

    private Uni<Issued> insert(SqlConnection conn, long accountId, UUID family) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(ttl);
        return conn.preparedQuery("""
                        INSERT INTO refresh_token (id, family_id, account_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(id, family, accountId, io.vertx.core.buffer.Buffer.buffer(hash(token)), expires))
                .replaceWith(new Issued(id, token));
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Issued(UUID id, String token) {
    }

    public record Rotated(long accountId, String token, String failure) {
        static Rotated rejected(String why) {
            return new Rotated(0, null, why);
        }
    }
}
