package cn.palmcommunity.security;

import cn.palmcommunity.error.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's data scope, read from the verified access token. Every query over residents or
 * community data filters through this, on the server, whatever the front end shows.
 */
@RequestScoped
public class DataScope {

    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    @Inject
    public DataScope(JsonWebToken jwt, SecurityIdentity identity) {
        this.jwt = jwt;
        this.identity = identity;
    }

    public long accountId() {
        if (identity.isAnonymous() || jwt.getSubject() == null) {
            throw ProblemException.unauthorized("This needs a logged-in account");
        }
        return Long.parseLong(jwt.getSubject());
    }

    public Role role() {
        return jwt.getGroups().stream().map(Role::valueOf).findFirst()
                .orElseThrow(() -> ProblemException.unauthorized("The token carries no role"));
    }

    public Role.ScopeLevel level() {
        String level = jwt.getClaim(Claims.SCOPE);
        return level == null ? Role.ScopeLevel.SELF : Role.ScopeLevel.valueOf(level);
    }

    /** The district the account belongs to (every staff account has one). */
    public Long districtId() {
        Object value = jwt.getClaim(Claims.DISTRICT);
        return value == null ? null : toLong(value);
    }

    /** The department of a department account, if any. */
    public java.util.Optional<String> department() {
        return java.util.Optional.ofNullable(jwt.getClaim(Claims.DEPARTMENT));
    }

    /** True when the scope covers every community of the district. */
    public boolean wholeDistrict() {
        return level() == Role.ScopeLevel.DISTRICT;
    }

    /** The communities the caller may see; empty for residents and riders. Meaningless when {@link #wholeDistrict()}. */
    public Set<Long> communities() {
        return longs(Claims.COMMUNITIES);
    }

    public Set<Long> grids() {
        return longs(Claims.GRIDS);
    }

    /**
     * The array to bind to {@code community_id = ANY($n)} in SQL, or {@code null} for the whole
     * district (queries write {@code ($n::bigint[] IS NULL OR community_id = ANY($n))}).
     */
    public Long[] communityFilter() {
        return wholeDistrict() ? null : communities().toArray(Long[]::new);
    }

    public boolean covers(long communityId) {
        return wholeDistrict() || communities().contains(communityId);
    }

    /** Grid workers see only their grids inside their community; everyone else sees every grid. */
    public boolean coversGrid(Long gridId) {
        return level() != Role.ScopeLevel.GRID || (gridId != null && grids().contains(gridId));
    }

    public void requireCommunity(long communityId) {
        if (!covers(communityId)) {
            throw ProblemException.forbidden("Community " + communityId + " is outside your data scope");
        }
    }

    private Set<Long> longs(String claim) {
        Object value = jwt.getClaim(claim);
        if (value == null) {
            return Set.of();
        }
        Collection<?> items = value instanceof Collection<?> c ? c : toList(value);
        return items.stream().map(DataScope::toLong).collect(Collectors.toUnmodifiableSet());
    }

    private static List<?> toList(Object value) {
        if (value instanceof jakarta.json.JsonArray array) {
            return array.stream().toList();
        }
        return List.of(value);
    }

    private static long toLong(Object item) {
        if (item instanceof jakarta.json.JsonNumber n) {
            return n.longValue();
        }
        if (item instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(item.toString().replace("\"", ""));
    }
}
