package cn.palmcommunity.wechat;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** Exchanges a mini-program login {@code code} for the user's openid, mapping WeChat's error codes. */
@ApplicationScoped
public class WeChatSessions {

    private static final Logger LOG = Logger.getLogger(WeChatSessions.class);

    static final int INVALID_CODE = 40029;
    static final int CODE_USED = 40163;
    static final int RATE_LIMITED = 45011;
    static final int HIGH_RISK_USER = 40226;
    static final int SYSTEM_BUSY = -1;

    private final WeChatApi api;
    private final ObjectMapper json;
    private final String appId;
    private final String appSecret;

    public WeChatSessions(@RestClient WeChatApi api, ObjectMapper json,
                          @ConfigProperty(name = "palm.wechat.app-id") String appId,
                          @ConfigProperty(name = "palm.wechat.app-secret") String appSecret) {
        this.api = api;
        this.json = json;
        this.appId = appId;
        this.appSecret = appSecret;
    }

    public Uni<WeChatSession> exchange(String code) {
        return api.jscode2session(appId, appSecret, code, "authorization_code")
                .onFailure().transform(e -> {
                    LOG.warnf("jscode2session call failed: %s", e.toString());
                    return new ProblemException(Problem.of(503, "wechat-unavailable", "WeChat is not reachable", "Try again in a moment"));
                })
                .map(this::parse);
    }

    WeChatSession parse(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (Exception e) {
            throw badGateway("WeChat answered something that is not JSON");
        }
        int errcode = node.path("errcode").asInt(0);
        if (errcode == 0 && node.hasNonNull("openid")) {
            return new WeChatSession(node.get("openid").asText(), node.path("unionid").asText(null));
        }
        LOG.infof("jscode2session errcode %d (%s)", errcode, node.path("errmsg").asText(""));
        throw switch (errcode) {
            case INVALID_CODE, CODE_USED -> new ProblemException(Problem.of(401, "wechat-invalid-code", "Login code not accepted",
                    "The WeChat login code is invalid or already used; call wx.login again")
                    .withErrors(List.of(new Problem.FieldError("code", "is invalid or already used"))));
            case RATE_LIMITED -> new ProblemException(Problem.of(429, "wechat-rate-limited", "Too many logins",
                    "WeChat is limiting logins right now; try again in a minute"), 60);
            case HIGH_RISK_USER -> new ProblemException(Problem.of(403, "wechat-high-risk", "Login refused",
                    "WeChat refused this login for a risky account"));
            case SYSTEM_BUSY -> new ProblemException(Problem.of(503, "wechat-unavailable", "WeChat is busy", "Try again in a moment"));
            default -> badGateway("WeChat answered errcode " + errcode);
        };
    }

    private static ProblemException badGateway(String detail) {
        return new ProblemException(Problem.of(502, "wechat-error", "WeChat login failed", detail));
    }
}
