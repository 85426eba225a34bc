package cn.palmcommunity.station;

/** What a station is for riders. */
public enum StationKind {
    /** A warm station (暖心驿站 / 暖新驿家): rest, toilet, charging, water, hot food. */
    WARM,
    /** A rider-friendly compound (骑手友好小区): how to get in and find the door. */
    RIDER_COMPOUND,
    /** A legal-aid station with fixed weekly office hours. */
    LEGAL_AID,
    /** An eatery with a discount for riders. */
    EATERY
}
