package cn.palmcommunity.notification;

import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Notification", description = "A message in the caller's inbox")
public record NotificationView(
        @Schema(example = "381") long id,
        @Schema(example = "PETITION_STATUS", description = "What it is about; the front end picks an icon by it") String kind,
        @Schema(example = "您的诉求已受理") String title,
        @Schema(example = "社区已受理您的诉求，预计 3 个工作日内答复") String body,
        @Schema(example = "pages/petition/detail?id=12", description = "Mini-program page to open") String link,
        @Schema(example = "{\"petitionId\": 12, \"status\": \"ACCEPTED\"}", description = "Details for the front end; keys depend on kind")
        Map<String, Object> data,
        @Schema(example = "2026-11-23T10:15:00+08:00") OffsetDateTime createdAt,
        @Schema(example = "2026-11-23T11:02:00+08:00", description = "Absent while unread") OffsetDateTime readAt) {
}
