package cn.palmcommunity.notification;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a capability asks {@link Notifications#notify} to tell one account. Build it with
 * {@link #to(long, String, String)} and the {@code with…} methods, e.g.
 * <pre>
 * NotificationRequest.to(residentId, "PETITION_STATUS", "您的诉求已受理")
 *         .withBody("社区已受理，预计 3 个工作日内答复")
 *         .withLink("pages/petition/detail?id=" + petitionId)
 *         .withData(Map.of("petitionId", petitionId, "status", "ACCEPTED"))
 *         .withDedupeKey("petition:" + petitionId + ":ACCEPTED")
 *         .withWeChat(templateId, Map.of("thing1", "诉求已受理", "time2", "2026-11-23 10:15"));
 * </pre>
 *
 * @param accountId who is told
 * @param kind      what about, upper snake case (PETITION_STATUS); the front end picks an icon by it
 * @param title     one line for the inbox
 * @param body      optional text under the title
 * @param link      optional mini-program page to open, e.g. {@code pages/petition/detail?id=12}
 * @param data      optional machine-readable details for the front end
 * @param dedupeKey optional; a second request with the same key is a no-op
 * @param weChat    optional; also send this WeChat subscribe message when the account has an openid
 */
public record NotificationRequest(long accountId, String kind, String title, String body, String link,
                                  Map<String, Object> data, String dedupeKey, WeChatTemplate weChat) {

    private static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public NotificationRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("kind must be upper snake case: " + kind);
        }
        if (title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title must be 1-200 characters");
        }
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public static NotificationRequest to(long accountId, String kind, String title) {
        return new NotificationRequest(accountId, kind, title, null, null, Map.of(), null, null);
    }

    public NotificationRequest withBody(String text) {
        return new NotificationRequest(accountId, kind, title, text, link, data, dedupeKey, weChat);
    }

    public NotificationRequest withLink(String page) {
        return new NotificationRequest(accountId, kind, title, body, page, data, dedupeKey, weChat);
    }

    public NotificationRequest withData(Map<String, Object> details) {
        return new NotificationRequest(accountId, kind, title, body, link, details, dedupeKey, weChat);
    }

    public NotificationRequest withDedupeKey(String key) {
        return new NotificationRequest(accountId, kind, title, body, link, data, key, weChat);
    }

    public NotificationRequest withWeChat(String templateId, Map<String, String> templateData) {
        return new NotificationRequest(accountId, kind, title, body, link, data, dedupeKey, new WeChatTemplate(templateId, templateData));
    }

    /**
     * A WeChat subscribe-message template and its values, keyed as in the template ({@code thing1},
     * {@code time2}, …). WeChat's own limits apply (a {@code thing} is at most 20 characters); values
     * it refuses end the delivery as GAVE_UP.
     */
    public record WeChatTemplate(String templateId, Map<String, String> data) {
        public WeChatTemplate {
            Objects.requireNonNull(templateId, "templateId");
            if (templateId.isBlank()) {
                throw new IllegalArgumentException("templateId must not be blank");
            }
            data = data == null ? Map.of() : Map.copyOf(data);
        }
    }
}
