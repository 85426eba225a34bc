package cn.palmcommunity.notification;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NotificationPage", description = "Notifications, newest first; pass nextCursor as cursor for the next page")
public record NotificationPage(
        List<NotificationView> items,
        @Schema(example = "352", description = "Absent on the last page") Long nextCursor,
        @Schema(example = "3", description = "How many of the caller's notifications are unread (for a badge)") long unreadCount) {
}
