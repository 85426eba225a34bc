package cn.palmcommunity.jobs;

public enum JobOutcome {
    /** Started and not finished: still running, or its instance died mid-run. */
    RUNNING,
    SUCCEEDED,
    FAILED
}
