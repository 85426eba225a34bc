package cn.palmcommunity.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The mini program's server access token ({@code /cgi-bin/token}), kept until shortly before it
 * expires. Callers that find it missing at the same moment share one fetch. A token WeChat calls
 * invalid or expired (another server fetched a new one) is {@link #forget forgotten} and fetched anew.
 */
@ApplicationScoped
public class WeChatAccessToken {

    private static final Logger LOG = Logger.getLogger(WeChatAccessToken.class);
    /** Refresh this long before WeChat's expiry (or at half-life, for short-lived tokens). */
    private static final long MARGIN_SECONDS = 300;

    private record Cached(String token, Instant refreshAfter) {
    }

    private final WeChatSubscribeApi api;
    private final ObjectMapper json;
    private final String appId;
    private final String appSecret;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Cached> cached = new AtomicReference<>();
    private Uni<String> fetching;

    public WeChatAccessToken(@RestClient WeChatSubscribeApi api, ObjectMapper json,
                             @ConfigProperty(name = "palm.wechat.app-id") String appId,
                             @ConfigProperty(name = "palm.wechat.app-secret") String appSecret) {
        this.api = api;
        this.json = json;
        this.appId = appId;
        this.appSecret = appSecret;
    }

    public Uni<String> current() {
        Cached now = cached.get();
        if (now != null && clock.instant().isBefore(now.refreshAfter())) {
            return Uni.createFrom().item(now.token());
        }
        return sharedFetch();
    }

    /** Drops {@code token} if it is still the cached one (WeChat said 40001/42001 about it). */
    public void forget(String token) {
        Cached now = cached.get();
        if (now != null && now.token().equals(token)) {
            cached.compareAndSet(now, null);
        }
    }

    private synchronized Uni<String> sharedFetch() {
        if (fetching == null) {
            fetching = api.token("client_credential", appId, appSecret)
                    .map(this::remember)
                    .onTermination().invoke(this::fetched)
                    .memoize().indefinitely();
        }
        return fetching;
    }

    private synchronized void fetched() {
        fetching = null;
    }

    private String remember(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (Exception e) {
            throw new WeChatException(WeChatException.NOT_JSON, "access token answer is not JSON");
        }
        String token = node.path("access_token").asText(null);
        if (node.path("errcode").asInt(0) != 0 || token == null) {
            int errcode = node.path("errcode").asInt(WeChatException.NOT_JSON);
            LOG.warnf("WeChat refused an access token: errcode %d (%s)", errcode, node.path("errmsg").asText(""));
            throw new WeChatException(errcode, "access token: " + node.path("errmsg").asText("no token"));
        }
        long expiresIn = Math.max(1, node.path("expires_in").asLong(7200));
        long keep = Math.max(expiresIn - MARGIN_SECONDS, expiresIn / 2);
        cached.set(new Cached(token, clock.instant().plusSeconds(keep)));
        return token;
    }
}
