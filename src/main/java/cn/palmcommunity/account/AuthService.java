package cn.palmcommunity.account;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.AccessTokens;
import cn.palmcommunity.security.AccountPrincipal;
import cn.palmcommunity.security.Role;
import cn.palmcommunity.wechat.WeChatSession;
import cn.palmcommunity.wechat.WeChatSessions;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Logs people in. Staff: username and bcrypt password, locked for a while after repeated
 * failures. Residents and riders: a WeChat mini-program code exchanged for their openid.
 */
@ApplicationScoped
public class AuthService {

    /**
     * Compared against when the username is unknown, so both failures take the same time. A fixed
     * cost-10 hash: computing one at class load could stall the event loop on the first request.
     */
    private static final String UNKNOWN_USER_HASH = "$2a$10$nm8/0IFeziZYSRH4NhoNG.XBqG6YvKwyMlVQiflI4.pUQlhft88.a";
    private static final String WRONG_CREDENTIALS = "Username or password is wrong";

    private final Pool pool;
    private final Vertx vertx;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final WeChatSessions weChat;
    private final int maxFailedLogins;
    private final Duration lockout;

    public AuthService(Pool pool, Vertx vertx, AccessTokens accessTokens, RefreshTokens refreshTokens, WeChatSessions weChat,
                       @ConfigProperty(name = "palm.auth.max-failed-logins") int maxFailedLogins,
                       @ConfigProperty(name = "palm.auth.lockout") Duration lockout) {
        this.pool = pool;
        this.vertx = vertx;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.weChat = weChat;
        this.maxFailedLogins = maxFailedLogins;
        this.lockout = lockout;
    }

    public Uni<TokenResponse> login(LoginRequest request) {
        String username = request.username().strip().toLowerCase(Locale.ROOT);
        return pool.preparedQuery("SELECT id, password_hash, locked_until, enabled FROM account WHERE username = $1")
                .execute(Tuple.of(username))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return passwordMatches(UNKNOWN_USER_HASH, request.password())
                                .map(ignored -> { throw ProblemException.unauthorized(WRONG_CREDENTIALS); });
                    }
                    Row row = rows.iterator().next();
                    long id = row.getLong("id");
                    OffsetDateTime lockedUntil = row.getOffsetDateTime("locked_until");
                    if (lockedUntil != null && lockedUntil.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
                        return Uni.createFrom().failure(locked(lockedUntil));
                    }
                    return passwordMatches(row.getString("password_hash"), request.password())
                            .onItem().transformToUni(matches -> {
                                if (!matches) {
                                    return recordFailure(id);
                                }
                                if (!row.getBoolean("enabled")) {
                                    return Uni.createFrom().failure(ProblemException.forbidden("This account is disabled"));
                                }
                                return pool.preparedQuery("UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1")
                                        .execute(Tuple.of(id))
                                        .onItem().transformToUni(ignored -> startSession(id));
                            });
                });
    }

    public Uni<TokenResponse> weChatLogin(WeChatLoginRequest request) {
        return weChat.exchange(request.code()).onItem().transformToUni(session -> upsertMiniProgramUser(session, request))
                .onItem().transformToUni(this::startSession);
    }

    public Uni<TokenResponse> refresh(RefreshRequest request) {
        return refreshTokens.rotate(request.refreshToken())
                .onItem().transformToUni(rotated -> principal(rotated.accountId())
                        .map(principal -> tokens(principal, rotated.token())));
    }

    public Uni<Void> logout(RefreshRequest request) {
        return refreshTokens.revoke(request.refreshToken());
    }

    public Uni<AccountView> me(long accountId) {
        return principal(accountId).map(AuthService::view);
    }

    private Uni<Long> upsertMiniProgramUser(WeChatSession session, WeChatLoginRequest request) {
        String name = request.nickname() == null || request.nickname().isBlank()
                ? (request.role() == WeChatLoginRequest.Persona.RIDER ? "骑手" : "居民") : request.nickname().strip();
        // The mini program lets one person switch persona (resident / rider); the account follows.
        return pool.preparedQuery("""
                        INSERT INTO account (role, display_name, wechat_openid, wechat_unionid)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (wechat_openid) DO UPDATE
                           SET role = EXCLUDED.role, wechat_unionid = coalesce(EXCLUDED.wechat_unionid, account.wechat_unionid)
                        RETURNING id, enabled""")
                .execute(Tuple.of(request.role().name(), name, session.openid(), session.unionid()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("enabled")) {
                        throw ProblemException.forbidden("This account is disabled");
                    }
                    return row.getLong("id");
                });
    }

    /**
     * Tokens for an account that was identified some other way (the demo district's resident sign-in);
     * the account's role and scope are read from the database as for every login.
     */
    public Uni<TokenResponse> sessionFor(long accountId) {
        return startSession(accountId);
    }

    private Uni<TokenResponse> startSession(long accountId) {
        return principal(accountId).onItem().transformToUni(principal -> {
            String access = accessTokens.issue(principal);
            return refreshTokens.issue(accountId).map(refresh -> tokens(principal, access, refresh));
        });
    }

    private TokenResponse tokens(AccountPrincipal principal, String refreshToken) {
        return tokens(principal, accessTokens.issue(principal), refreshToken);
    }

    private TokenResponse tokens(AccountPrincipal principal, String access, String refreshToken) {
        return new TokenResponse(access, "Bearer", accessTokens.ttl().toSeconds(), refreshToken, view(principal));
    }

    /** The account with its data scope, as it is now in the database (roles and scopes can change). */
    Uni<AccountPrincipal> principal(long accountId) {
        return pool.preparedQuery("""
                        SELECT a.id, a.role, a.username, a.display_name, a.department, a.grid_id, a.enabled,
                               coalesce(a.district_id, s.district_id) AS district_id,
                               CASE a.role
                                   WHEN 'STREET_STAFF' THEN ARRAY(SELECT c.id FROM community c WHERE c.street_id = a.street_id ORDER BY c.id)
                                   WHEN 'COMMUNITY_WORKER' THEN ARRAY[a.community_id]
                                   WHEN 'GRID_WORKER' THEN ARRAY[a.community_id]
                                   ELSE '{}'::bigint[]
                               END AS communities
                          FROM account a
                          LEFT JOIN community ac ON ac.id = a.community_id
                          LEFT JOIN street s ON s.id = coalesce(a.street_id, ac.street_id)
                         WHERE a.id = $1""")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.unauthorized("The account no longer exists");
                    }
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("enabled")) {
                        throw ProblemException.forbidden("This account is disabled");
                    }
                    Role role = Role.valueOf(row.getString("role"));
                    long id = row.getLong("id");
                    String username = row.getString("username");
                    Long grid = row.getLong("grid_id");
                    return new AccountPrincipal(id, role, username != null ? username : "wx:" + id, row.getString("display_name"),
                            row.getLong("district_id"), Arrays.asList(row.getArrayOfLongs("communities")),
                            role == Role.GRID_WORKER && grid != null ? List.of(grid) : List.of(), row.getString("department"));
                });
    }

    private Uni<TokenResponse> recordFailure(long accountId) {
        return pool.preparedQuery("""
                        UPDATE account
                           SET locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END,
                               failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
                         WHERE id = $1
                     RETURNING locked_until""")
                .execute(Tuple.of(accountId, maxFailedLogins, (double) lockout.toSeconds()))
                .map(rows -> {
                    OffsetDateTime lockedUntil = rows.iterator().next().getOffsetDateTime("locked_until");
                    if (lockedUntil != null && lockedUntil.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
                        throw locked(lockedUntil);
                    }
                    throw ProblemException.unauthorized(WRONG_CREDENTIALS);
                });
    }

    private ProblemException locked(OffsetDateTime until) {
        long seconds = Math.max(1, Duration.between(OffsetDateTime.now(ZoneOffset.UTC), until).toSeconds());
        return new ProblemException(Problem.of(429, "account-locked", "Account locked",
                "Too many failed logins; try again in " + Math.max(1, (seconds + 59) / 60) + " minutes"), seconds);
    }

    /** bcrypt is deliberately slow: it runs on a worker thread, never on the event loop. */
    private Uni<Boolean> passwordMatches(String hash, String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> hash != null && BcryptUtil.matches(password, hash)));
    }

    static AccountView view(AccountPrincipal p) {
        return new AccountView(p.id(), p.loginName(), p.displayName(), p.role(), p.role().level(),
                p.communityIds(), p.gridIds(), p.department() == null ? null : Department.valueOf(p.department()));
    }
}
