package cn.palmcommunity.calendar;

/** What an exception to the Monday-to-Friday week makes of a day. */
public enum CalendarDayKind {
    /** A day off: a public holiday, or a weekday taken off in exchange for a make-up day. */
    HOLIDAY,
    /** A Saturday or Sunday worked to make up for a holiday (调休上班). */
    WORKDAY
}
