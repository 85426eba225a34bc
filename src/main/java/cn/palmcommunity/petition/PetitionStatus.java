package cn.palmcommunity.petition;

import java.util.EnumSet;
import java.util.Set;

/** Where a petition is in its loop: 受理, 派单, 办理, 办结, 回访, 关闭 — or rejected / merged. */
public enum PetitionStatus {
    SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS, RESOLVED, VISITED, CLOSED, REJECTED, MERGED;

    /** Still waiting for someone to act. */
    public static final Set<PetitionStatus> OPEN = EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS);
    /** Being worked on after acceptance. */
    public static final Set<PetitionStatus> IN_HAND = EnumSet.of(ACCEPTED, DISPATCHED, IN_PROGRESS);
    /** Done from the handler's point of view. */
    public static final Set<PetitionStatus> COMPLETED = EnumSet.of(RESOLVED, VISITED, CLOSED);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
