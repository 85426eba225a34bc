package cn.palmcommunity.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Sends one WeChat subscribe message and says what became of it, by WeChat's error code:
 * 0 sent; 43101 (the user refused, or has no subscription left) and 47003 (template data refused)
 * give up at once; -1 (busy), rate limits, network failures and a missing access token are worth
 * another try later; any other code is a fault on our side (wrong template id, page, openid) and
 * fails without retrying. A stale access token (40001, 40014, 42001) is fetched anew and the message
 * re-sent once, immediately.
 */
@ApplicationScoped
public class WeChatSubscribeMessages {

    static final int OK = 0;
    static final int SYSTEM_BUSY = -1;
    static final int INVALID_CREDENTIAL = 40001;
    static final int INVALID_ACCESS_TOKEN = 40014;
    static final int ACCESS_TOKEN_EXPIRED = 42001;
    static final int DAILY_QUOTA = 45009;
    static final int RATE_LIMITED = 45011;
    static final int USER_REFUSED = 43101;
    static final int INVALID_TEMPLATE_DATA = 47003;

    /** What happened to one message. {@code error} is kept on the delivery for operators. */
    public record Outcome(Result result, String error) {
        static Outcome sent() {
            return new Outcome(Result.SENT, null);
        }

        static Outcome retry(String error) {
            return new Outcome(Result.RETRY, error);
        }
    }

    public enum Result { SENT, RETRY, GAVE_UP, FAILED }

    private final WeChatSubscribeApi api;
    private final WeChatAccessToken token;
    private final ObjectMapper json;
    private final String miniProgramState;
    private final String lang;

    public WeChatSubscribeMessages(@RestClient WeChatSubscribeApi api, WeChatAccessToken token, ObjectMapper json,
                                   @ConfigProperty(name = "palm.notification.wechat.miniprogram-state", defaultValue = "formal") String miniProgramState,
                                   @ConfigProperty(name = "palm.notification.wechat.lang", defaultValue = "zh_CN") String lang) {
        this.api = api;
        this.token = token;
        this.json = json;
        this.miniProgramState = miniProgramState;
        this.lang = lang;
    }

    /**
     * Sends one message. {@code idempotencyKey} must be the same on every attempt at the same
     * message (the outbox passes its delivery id), so that a resend after a crash between sending and
     * recording is recognised downstream rather than delivered twice.
     */
    public Uni<Outcome> send(String idempotencyKey, String openid, String templateId, String page, Map<String, ?> data) {
        return attempt(idempotencyKey, message(openid, templateId, page, data), true);
    }

    private Uni<Outcome> attempt(String idempotencyKey, String message, boolean mayRenewToken) {
        return token.current()
                .onItem().transformToUni(accessToken -> api.send(accessToken, idempotencyKey, message)
                        .onItem().transformToUni(body -> {
                            JsonNode answer = parse(body);
                            int errcode = answer.path("errcode").asInt(OK);
                            if (mayRenewToken && (errcode == INVALID_CREDENTIAL || errcode == INVALID_ACCESS_TOKEN || errcode == ACCESS_TOKEN_EXPIRED)) {
                                token.forget(accessToken);
                                return attempt(idempotencyKey, message, false);
                            }
                            return Uni.createFrom().item(classify(errcode, answer.path("errmsg").asText("")));
                        }))
                .onFailure().recoverWithItem(e -> Outcome.retry(describe(e)));
    }

    static Outcome classify(int errcode, String errmsg) {
        String error = "errcode " + errcode + (errmsg.isEmpty() ? "" : ": " + errmsg);
        return switch (errcode) {
            case OK -> Outcome.sent();
            case USER_REFUSED, INVALID_TEMPLATE_DATA -> new Outcome(Result.GAVE_UP, error);
            case SYSTEM_BUSY, DAILY_QUOTA, RATE_LIMITED, INVALID_CREDENTIAL, INVALID_ACCESS_TOKEN, ACCESS_TOKEN_EXPIRED -> Outcome.retry(error);
            default -> new Outcome(Result.FAILED, error);
        };
    }

    private String message(String openid, String templateId, String page, Map<String, ?> data) {
        ObjectNode message = json.createObjectNode();
        message.put("touser", openid);
        message.put("template_id", templateId);
        if (page != null && !page.isBlank()) {
            message.put("page", page);
        }
        message.put("miniprogram_state", miniProgramState);
        message.put("lang", lang);
        ObjectNode values = message.putObject("data");
        new TreeMap<String, Object>(data).forEach((key, value) -> values.putObject(key).put("value", String.valueOf(value)));
        return message.toString();
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new WeChatException(WeChatException.NOT_JSON, "answer is not a JSON object");
            }
            return node;
        } catch (WeChatException e) {
            throw e;
        } catch (Exception e) {
            throw new WeChatException(WeChatException.NOT_JSON, "answer is not JSON");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = e.getClass().getSimpleName() + message;
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
