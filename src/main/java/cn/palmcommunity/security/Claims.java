package cn.palmcommunity.security;

/** Names of the Palm-specific claims in access tokens. */
public final class Claims {
    /** The scope level: district, street, community, grid or self. */
    public static final String SCOPE = "scope_level";
    /** Community ids the account may see; absent when the scope is the whole district. */
    public static final String COMMUNITIES = "communities";
    /** Grid ids for grid workers. */
    public static final String GRIDS = "grids";
    public static final String DISTRICT = "district";
    public static final String DEPARTMENT = "dept";
    public static final String NAME = "name";

    private Claims() {
    }
}
