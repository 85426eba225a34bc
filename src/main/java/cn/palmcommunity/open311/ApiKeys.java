package cn.palmcommunity.open311;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** API keys for Open311 clients. Only a SHA-256 of a key is stored; the key is shown once, when issued. */
@ApplicationScoped
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Makes a leaked key recognisable in logs and secret scanners. */
    static final String PREFIX = "o311_";

    private final Pool pool;

    public ApiKeys(Pool pool) {
        this.pool = pool;
    }

    @Schema(name = "NewOpen311ApiKey")
    public record NewApiKey(
            @Schema(example = "市民随手拍 App", description = "Who the key is for") @NotBlank @Size(max = 100) String name) {
    }

    @Schema(name = "IssuedOpen311ApiKey", description = "A new key; the key itself is never shown again")
    public record IssuedApiKey(
            @Schema(example = "3") long id,
            @Schema(example = "市民随手拍 App") String name,
            @Schema(example = "o311_hZ2q0s7Xo4mA9kR1v8QeT5yJ3bN6cW0dF2gH4jK7lM9") String key,
            @Schema(example = "2026-11-23T09:00:00+08:00") OffsetDateTime createdAt) {
    }

    @Schema(name = "Open311ApiKey")
    public record ApiKeyView(
            @Schema(example = "3") long id,
            @Schema(example = "市民随手拍 App") String name,
            @Schema(example = "1", description = "The district administrator who issued it") long createdBy,
            @Schema(example = "2026-11-23T09:00:00+08:00") OffsetDateTime createdAt,
            @Schema(example = "2026-12-01T10:00:00+08:00", description = "Absent while the key works") OffsetDateTime revokedAt) {
        static ApiKeyView of(Row r) {
            return new ApiKeyView(r.getLong("id"), r.getString("name"), r.getLong("created_by"),
                    r.getOffsetDateTime("created_at"), r.getOffsetDateTime("revoked_at"));
        }
    }

    /** The id of the working key, or a 403 in GeoReport's words. */
    Uni<Long> verify(String key) {
        if (key == null) {
            throw Open311Exception.forbidden("api_key was not provided");
        }
        return pool.preparedQuery("SELECT id FROM open311_api_key WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash(key))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw Open311Exception.forbidden("Invalid api_key received; ask the district for a key");
                    }
                    return rows.iterator().next().getLong("id");
                });
    }

    public Uni<IssuedApiKey> issue(NewApiKey request, long accountId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String name = request.name().strip();
        return pool.preparedQuery("""
                        INSERT INTO open311_api_key (key_hash, name, created_by) VALUES ($1, $2, $3)
                        RETURNING id, created_at""")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash(key)), name, accountId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new IssuedApiKey(r.getLong("id"), name, key, r.getOffsetDateTime("created_at"));
                });
    }

    public Uni<List<ApiKeyView>> list() {
        return pool.query("SELECT id, name, created_by, created_at, revoked_at FROM open311_api_key ORDER BY id").execute()
                .map(rows -> {
                    List<ApiKeyView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(ApiKeyView.of(r));
                    }
                    return out;
                });
    }

    /** Revoking twice is harmless: the first revocation time stays. */
    public Uni<ApiKeyView> revoke(long id) {
        return pool.preparedQuery("""
                        UPDATE open311_api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
                        RETURNING id, name, created_by, created_at, revoked_at""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Open311 API key", id);
                    }
                    return ApiKeyView.of(rows.iterator().next());
                });
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
