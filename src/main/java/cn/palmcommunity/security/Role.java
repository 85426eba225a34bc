package cn.palmcommunity.security;

/**
 * What an account is. The level decides the default data scope: a district account sees every
 * community, a street account its street's communities, a community or grid worker their own.
 */
public enum Role {
    DISTRICT_ADMIN(ScopeLevel.DISTRICT),
    DISTRICT_STAFF(ScopeLevel.DISTRICT),
    DEPARTMENT_STAFF(ScopeLevel.DISTRICT),
    STREET_STAFF(ScopeLevel.STREET),
    COMMUNITY_WORKER(ScopeLevel.COMMUNITY),
    GRID_WORKER(ScopeLevel.GRID),
    RESIDENT(ScopeLevel.SELF),
    RIDER(ScopeLevel.SELF);

    /** Role names as they appear in the JWT {@code groups} claim and in {@code @RolesAllowed}. */
    public static final String DISTRICT_ADMIN_NAME = "DISTRICT_ADMIN";
    public static final String DISTRICT_STAFF_NAME = "DISTRICT_STAFF";
    public static final String DEPARTMENT_STAFF_NAME = "DEPARTMENT_STAFF";
    public static final String STREET_STAFF_NAME = "STREET_STAFF";
    public static final String COMMUNITY_WORKER_NAME = "COMMUNITY_WORKER";
    public static final String GRID_WORKER_NAME = "GRID_WORKER";
    public static final String RESIDENT_NAME = "RESIDENT";
    public static final String RIDER_NAME = "RIDER";

    private final ScopeLevel level;

    Role(ScopeLevel level) {
        this.level = level;
    }

    public ScopeLevel level() {
        return level;
    }

    public boolean isStaff() {
        return level != ScopeLevel.SELF;
    }

    public enum ScopeLevel { DISTRICT, STREET, COMMUNITY, GRID, SELF }
}
