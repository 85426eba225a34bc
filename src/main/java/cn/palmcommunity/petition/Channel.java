package cn.palmcommunity.petition;

/** How a petition reached us. */
public enum Channel {
    /** A resident in the mini program. */
    MINI_PROGRAM,
    /** A rider reporting as a people's-condition investigator (民情调查员). */
    RIDER_INVESTIGATOR,
    /** The city 12345 hotline. */
    HOTLINE_12345,
    /** The district complaint platform (北尚诉办). */
    DISTRICT_PLATFORM,
    /** A grid worker's patrol. */
    GRID_PATROL,
    /** A community self-check. */
    SELF_CHECK,
    /** A civic client speaking Open311 GeoReport v2. */
    OPEN311
}
