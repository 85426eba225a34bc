package cn.palmcommunity.account;

/** District departments that hold accounts; each sees only its own business data. */
public enum Department {
    CIVIL_AFFAIRS,
    HEALTH,
    DISABLED_PERSONS_FEDERATION,
    VETERANS_AFFAIRS,
    HUMAN_RESOURCES,
    PUBLIC_SECURITY,
    EDUCATION,
    HOTLINE_12345
}
