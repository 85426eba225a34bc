package cn.palmcommunity.account;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.organisation.OrgUnits;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Staff accounts managed by administrators: the district admin creates any staff account, street
 * staff create the community and grid workers of their own communities.
 */
@ApplicationScoped
public class StaffAccountService {

    private static final Set<Role> STREET_MAY_MANAGE = EnumSet.of(Role.COMMUNITY_WORKER, Role.GRID_WORKER);

    private final AccountRepository accounts;
    private final OrgUnits units;
    private final Vertx vertx;
    private final RefreshTokens refreshTokens;

    public StaffAccountService(AccountRepository accounts, OrgUnits units, Vertx vertx, RefreshTokens refreshTokens) {
        this.accounts = accounts;
        this.units = units;
        this.vertx = vertx;
        this.refreshTokens = refreshTokens;
    }

    public Uni<StaffAccountView> create(NewStaffAccount request, DataScope scope) {
        Role role = request.role();
        if (!role.isStaff()) {
            return Uni.createFrom().failure(ProblemException.invalidField("role", "residents and riders sign up through the mini program"));
        }
        if (scope.role() == Role.STREET_STAFF && !STREET_MAY_MANAGE.contains(role)) {
            return Uni.createFrom().failure(ProblemException.forbidden("Street staff create community and grid workers only"));
        }
        if (request.password().equalsIgnoreCase(request.username())) {
            return Uni.createFrom().failure(ProblemException.invalidField("password", "must differ from the username"));
        }
        Account account = new Account();
        account.username = request.username().toLowerCase(Locale.ROOT);
        account.displayName = request.displayName().strip();
        account.role = role;
        return placeInUnit(account, request, scope)
                .onItem().transformToUni(placed -> vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(request.password()))))
                .onItem().transformToUni(hash -> {
                    account.passwordHash = hash;
                    return persistNew(account);
                })
                .map(StaffAccountView::of);
    }

    @WithTransaction
    Uni<Account> persistNew(Account account) {
        return accounts.count("username", account.username).onItem().transformToUni(taken -> {
            if (taken > 0) {
                return Uni.createFrom().failure(ProblemException.conflict("duplicate-username", "Username " + account.username + " is taken"));
            }
            return accounts.persist(account);
        });
    }

    /** Fills the unit columns the role needs, checking that they exist and lie inside the creator's scope. */
    private Uni<Account> placeInUnit(Account account, NewStaffAccount request, DataScope scope) {
        switch (account.role) {
            case DISTRICT_ADMIN, DISTRICT_STAFF, DEPARTMENT_STAFF -> {
                if (account.role == Role.DEPARTMENT_STAFF && request.department() == null) {
                    return Uni.createFrom().failure(ProblemException.invalidField("department", "is required for DEPARTMENT_STAFF"));
                }
                account.districtId = scope.districtId();
                account.department = account.role == Role.DEPARTMENT_STAFF ? request.department() : null;
                return Uni.createFrom().item(account);
            }
            case STREET_STAFF -> {
                if (request.streetId() == null) {
                    return Uni.createFrom().failure(ProblemException.invalidField("streetId", "is required for STREET_STAFF"));
                }
                return units.streetExists(request.streetId()).map(exists -> {
                    if (!exists) {
                        throw ProblemException.invalidField("streetId", "no such street");
                    }
                    account.streetId = request.streetId();
                    return account;
                });
            }
            case COMMUNITY_WORKER, GRID_WORKER -> {
                if (request.communityId() == null) {
                    return Uni.createFrom().failure(ProblemException.invalidField("communityId", "is required for " + account.role));
                }
                if (account.role == Role.GRID_WORKER && request.gridId() == null) {
                    return Uni.createFrom().failure(ProblemException.invalidField("gridId", "is required for GRID_WORKER"));
                }
                return units.community(request.communityId()).onItem().transformToUni(community -> {
                    if (community == null) {
                        throw ProblemException.invalidField("communityId", "no such community");
                    }
                    scope.requireCommunity(community.id());
                    account.communityId = community.id();
                    if (account.role != Role.GRID_WORKER) {
                        return Uni.createFrom().item(account);
                    }
                    return units.communityOfGrid(request.gridId()).map(gridCommunity -> {
                        if (gridCommunity == null || gridCommunity != community.id()) {
                            throw ProblemException.invalidField("gridId", "is not a grid of community " + community.id());
                        }
                        account.gridId = request.gridId();
                        return account;
                    });
                });
            }
            default -> {
                return Uni.createFrom().failure(ProblemException.invalidField("role", "is not a staff role"));
            }
        }
    }

    @WithSession
    public Uni<AccountPage> page(DataScope scope, Long communityId, Role role, Long cursor, int limit) {
        StringBuilder where = new StringBuilder("username is not null");
        Map<String, Object> params = new HashMap<>();
        if (!scope.wholeDistrict()) {
            where.append(" and communityId in :scope");
            params.put("scope", scope.communities());
        }
        if (communityId != null) {
            where.append(" and communityId = :community");
            params.put("community", communityId);
        }
        if (role != null) {
            where.append(" and role = :role");
            params.put("role", role);
        }
        if (cursor != null) {
            where.append(" and id > :cursor");
            params.put("cursor", cursor);
        }
        return accounts.find(where + " order by id", params).range(0, limit).list()
                .map(found -> {
                    boolean more = found.size() > limit;
                    List<StaffAccountView> items = found.stream().limit(limit).map(StaffAccountView::of).toList();
                    return new AccountPage(items, more ? items.get(items.size() - 1).id() : null);
                });
    }

    /** Lifts a lock-out early (the person called their administrator). */
    @WithTransaction
    public Uni<StaffAccountView> unlock(long id, DataScope scope) {
        return manageable(id, scope).map(account -> {
            account.failedLogins = 0;
            account.lockedUntil = null;
            return StaffAccountView.of(account);
        });
    }

    /** Disabling ends every session of the account at once: its refresh tokens are revoked. */
    @WithTransaction
    public Uni<StaffAccountView> setEnabled(long id, boolean enabled, DataScope scope) {
        if (!enabled && id == scope.accountId()) {
            return Uni.createFrom().failure(ProblemException.conflict("self-disable", "You cannot disable your own account"));
        }
        return manageable(id, scope).onItem().transformToUni(account -> {
            account.enabled = enabled;
            Uni<Void> revoke = enabled ? Uni.createFrom().voidItem() : refreshTokens.revokeAll(id);
            return revoke.replaceWith(StaffAccountView.of(account));
        });
    }

    private Uni<Account> manageable(long id, DataScope scope) {
        return accounts.findById(id).map(account -> {
            if (account == null || account.username == null) {
                throw ProblemException.notFound("Account", id);
            }
            boolean allowed = scope.role() == Role.DISTRICT_ADMIN
                    || (STREET_MAY_MANAGE.contains(account.role) && account.communityId != null && scope.covers(account.communityId));
            if (!allowed) {
                throw ProblemException.forbidden("Account " + id + " is outside what you may manage");
            }
            return account;
        });
    }
}
