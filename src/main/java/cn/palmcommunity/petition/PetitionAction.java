package cn.palmcommunity.petition;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static cn.palmcommunity.petition.PetitionStatus.ACCEPTED;
import static cn.palmcommunity.petition.PetitionStatus.CLOSED;
import static cn.palmcommunity.petition.PetitionStatus.DISPATCHED;
import static cn.palmcommunity.petition.PetitionStatus.IN_PROGRESS;
import static cn.palmcommunity.petition.PetitionStatus.MERGED;
import static cn.palmcommunity.petition.PetitionStatus.REJECTED;
import static cn.palmcommunity.petition.PetitionStatus.RESOLVED;
import static cn.palmcommunity.petition.PetitionStatus.SUBMITTED;
import static cn.palmcommunity.petition.PetitionStatus.VISITED;

/**
 * Everything that can happen to a petition, with the statuses it may happen in and the status it
 * leads to. Actions that do not move the status (urge, supervise, extend, co-sign) keep it.
 */
public enum PetitionAction {
    SUBMIT(EnumSet.noneOf(PetitionStatus.class), SUBMITTED),
    ACCEPT(EnumSet.of(SUBMITTED), ACCEPTED),
    DISPATCH(EnumSet.of(ACCEPTED, DISPATCHED, IN_PROGRESS), DISPATCHED),
    START(EnumSet.of(DISPATCHED), IN_PROGRESS),
    RESOLVE(EnumSet.of(ACCEPTED, DISPATCHED, IN_PROGRESS), RESOLVED),
    /** The resident's rating, or a worker's phone visit (回访). */
    VISIT(EnumSet.of(RESOLVED), VISITED),
    CLOSE(EnumSet.of(VISITED), CLOSED),
    REJECT(EnumSet.of(SUBMITTED, ACCEPTED), REJECTED),
    MERGE(EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS), MERGED),
    REOPEN(EnumSet.of(RESOLVED, VISITED), ACCEPTED),
    EXTEND(EnumSet.of(ACCEPTED, DISPATCHED, IN_PROGRESS), null),
    URGE(EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS), null),
    SUPERVISE(EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS), null),
    COSIGN(EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS), null),
    /** Written by the SLA jobs. */
    OVERDUE(EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS), null),
    ESCALATE(EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS), null),
    VISIT_REQUESTED(EnumSet.of(RESOLVED), null),
    AUTO_CLOSE(EnumSet.of(VISITED, RESOLVED), CLOSED);

    private final Set<PetitionStatus> from;
    private final PetitionStatus to;

    PetitionAction(Set<PetitionStatus> from, PetitionStatus to) {
        this.from = from;
        this.to = to;
    }

    public boolean allowedFrom(PetitionStatus status) {
        return from.contains(status);
    }

    /** The status after the action: its target, or the same status for actions that do not move it. */
    public PetitionStatus next(PetitionStatus current) {
        return to == null ? current : to;
    }

    static final Map<PetitionAction, String> VERBS = Map.of(ACCEPT, "accept", DISPATCH, "dispatch", START, "start",
            RESOLVE, "resolve", VISIT, "record a visit for", CLOSE, "close", REJECT, "reject", MERGE, "merge", REOPEN, "reopen");

    public String verb() {
        return VERBS.getOrDefault(this, name().toLowerCase().replace('_', ' '));
    }
}
