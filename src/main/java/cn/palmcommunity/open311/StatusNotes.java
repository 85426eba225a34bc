package cn.palmcommunity.open311;

import cn.palmcommunity.petition.PetitionStatus;

/** GeoReport's status_notes: the outcome or the reason when there is one, else where the petition stands in our loop. */
final class StatusNotes {

    private StatusNotes() {
    }

    static String of(PetitionStatus status, String result, String rejectReason, Long mergedInto, boolean english) {
        return switch (status) {
            case RESOLVED, VISITED, CLOSED -> result != null ? result : label(status, english);
            case REJECTED -> rejectReason != null ? (english ? "Rejected: " : "不予受理：") + rejectReason : label(status, english);
            case MERGED -> mergedInto != null ? (english ? "Merged into request " : "已合并到诉求 ") + mergedInto : label(status, english);
            default -> label(status, english);
        };
    }

    private static String label(PetitionStatus status, boolean english) {
        return switch (status) {
            case SUBMITTED -> english ? "Waiting to be accepted" : "待受理";
            case ACCEPTED -> english ? "Accepted" : "已受理";
            case DISPATCHED -> english ? "Dispatched to a handler" : "已派单";
            case IN_PROGRESS -> english ? "In progress" : "办理中";
            case RESOLVED -> english ? "Resolved" : "已办结";
            case VISITED -> english ? "Resolved; return visit done" : "已回访";
            case CLOSED -> english ? "Closed" : "已关闭";
            case REJECTED -> english ? "Rejected" : "不予受理";
            case MERGED -> english ? "Merged with another request" : "已合并";
        };
    }
}
