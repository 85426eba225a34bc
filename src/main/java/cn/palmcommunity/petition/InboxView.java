package cn.palmcommunity.petition;

/** The tabs of a worker's petition inbox. */
public enum InboxView {
    /** 待受理: not yet accepted. */
    UNACCEPTED,
    /** Accepted by me and still open. */
    MINE,
    /** Past a time limit and still open. */
    OVERDUE,
    /** Resolved, visited or closed. */
    COMPLETED,
    ALL
}
