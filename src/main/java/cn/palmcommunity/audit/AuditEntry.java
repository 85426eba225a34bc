package cn.palmcommunity.audit;

/** One read or change of someone's personal data: who did it, to whom, and why. */
public record AuditEntry(
        long actorId,
        String actorRole,
        String action,
        String subjectType,
        long subjectId,
        Long communityId,
        String purpose,
        String clientIp) {
}
