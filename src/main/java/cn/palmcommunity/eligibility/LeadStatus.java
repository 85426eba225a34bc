package cn.palmcommunity.eligibility;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a worker is with a lead: new → contacted → applied → granted, or declined / not eligible
 * on the way. CLOSED is set by the system only (the resident died, moved away or stopped
 * qualifying). Only open leads (NEW, CONTACTED, APPLIED) move; the other four are final.
 */
public enum LeadStatus {
    NEW, CONTACTED, APPLIED, GRANTED, DECLINED, NOT_ELIGIBLE, CLOSED;

    /** The statuses a worker may move a lead to from this one. */
    public Set<LeadStatus> next() {
        return switch (this) {
            // A resident who applied on their own after the reminder may skip "contacted".
            case NEW -> EnumSet.of(CONTACTED, APPLIED, DECLINED, NOT_ELIGIBLE);
            case CONTACTED -> EnumSet.of(APPLIED, DECLINED, NOT_ELIGIBLE);
            case APPLIED -> EnumSet.of(GRANTED, DECLINED, NOT_ELIGIBLE);
            case GRANTED, DECLINED, NOT_ELIGIBLE, CLOSED -> EnumSet.noneOf(LeadStatus.class);
        };
    }

    public boolean open() {
        return this == NEW || this == CONTACTED || this == APPLIED;
    }

    /** Declining and "not eligible" must say why, so the next worker (and the resident) can be told. */
    public boolean needsNote() {
        return this == DECLINED || this == NOT_ELIGIBLE;
    }
}
