package cn.palmcommunity.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for api.weixin.qq.com. The js_code decides the answer:
 * {@code ok-<openid>} succeeds, {@code invalid} → 40029, {@code busy} → 45011, {@code risky} →
 * 40226, {@code broken} → a non-JSON body, {@code hang} → closes the connection. Like WeChat, it
 * labels its JSON text/plain.
 *
 * <p>Subscribe messages: {@code /cgi-bin/token} hands out {@code stub-token-<n>}, and only the latest
 * one is accepted (as when another server fetched a newer token: 40001). {@code /cgi-bin/message/subscribe/send}
 * answers by {@code touser}: {@code refuse…} → 43101, {@code baddata…} → 47003, {@code flaky…} → -1
 * the first time and 0 after, {@code expired…} → 42001 the first time, {@code drop…} → closes the
 * connection; anything else → 0. Every message received is kept in {@link #SUBSCRIBE_SENT}.
 *
 * <p>Like the district's message gateway, it honours the {@code Idempotency-Key} header: a key
 * already answered with success gets that same answer again and nothing is delivered a second time
 * (the call is kept, marked {@code duplicate}). {@link #deliveredTo} counts what reached the user.
 */
public class WeChatStub implements QuarkusTestResourceLifecycleManager {

    /** Query strings received, newest last, so tests can check what the client sent. */
    public static final ConcurrentLinkedDeque<Map<String, String>> RECEIVED = new ConcurrentLinkedDeque<>();

    /** One subscribe message as received: the access_token query parameter and the JSON body. */
    public record SubscribeCall(String accessToken, JsonObject body, String idempotencyKey, int errcode, boolean duplicate) {
        public String touser() {
            return body.getString("touser");
        }
    }

    /** Successful answers by idempotency key: a repeated key gets the same answer and is not delivered again. */
    private static final Map<String, String> ANSWERED_BY_KEY = new ConcurrentHashMap<>();

    /** Messages that reached the user (successful, first time for their idempotency key). */
    public static long deliveredTo(String openid) {
        return SUBSCRIBE_SENT.stream().filter(call -> openid.equals(call.touser()) && call.errcode() == 0 && !call.duplicate()).count();
    }

    /** Subscribe messages received, newest last. */
    public static final ConcurrentLinkedDeque<SubscribeCall> SUBSCRIBE_SENT = new ConcurrentLinkedDeque<>();
    /** Query strings of /cgi-bin/token calls, newest last. */
    public static final ConcurrentLinkedDeque<Map<String, String>> TOKEN_REQUESTS = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger TOKENS = new AtomicInteger();
    private static volatile String latestToken;
    private static final Set<String> ANSWERED_ONCE = ConcurrentHashMap.newKeySet();

    public static int tokenCalls() {
        return TOKEN_REQUESTS.size();
    }

    public static java.util.List<SubscribeCall> sentTo(String openid) {
        return SUBSCRIBE_SENT.stream().filter(call -> openid.equals(call.touser())).toList();
    }

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("WeChat stub did not start", e);
        }
        return Map.of("quarkus.rest-client.wechat.url", "http://127.0.0.1:" + server.actualPort(),
                "palm.wechat.app-id", "wx-test-app", "palm.wechat.app-secret", "test-secret");
    }

    private void answer(HttpServerRequest request) {
        if (request.path().equals("/cgi-bin/token")) {
            token(request);
            return;
        }
        if (request.path().equals("/cgi-bin/message/subscribe/send")) {
            request.body().onSuccess(body -> subscribeSend(request, body.toJsonObject()));
            return;
        }
        if (!request.path().equals("/sns/jscode2session")) {
            request.response().setStatusCode(404).end();
            return;
        }
        RECEIVED.add(Map.of("appid", String.valueOf(request.getParam("appid")), "secret", String.valueOf(request.getParam("secret")),
                "js_code", String.valueOf(request.getParam("js_code")), "grant_type", String.valueOf(request.getParam("grant_type"))));
        String code = String.valueOf(request.getParam("js_code"));
        String body;
        if (code.startsWith("ok-")) {
            String openid = code.substring(3);
            body = "{\"session_key\":\"c2Vzc2lvbi1rZXk=\",\"openid\":\"" + openid + "\",\"unionid\":\"u-" + openid + "\"}";
        } else if (code.equals("invalid")) {
            body = "{\"errcode\":40029,\"errmsg\":\"invalid code, rid: 1\"}";
        } else if (code.equals("busy")) {
            body = "{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit mustslower retry next minute\"}";
        } else if (code.equals("risky")) {
            body = "{\"errcode\":40226,\"errmsg\":\"high risk user\"}";
        } else if (code.equals("broken")) {
            body = "<html>gateway error</html>";
        } else if (code.equals("hang")) {
            request.connection().close();
            return;
        } else {
            body = "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
        }
        request.response().putHeader("Content-Type", "text/plain").end(body);
    }

    private static void token(HttpServerRequest request) {
        TOKEN_REQUESTS.add(Map.of("grant_type", String.valueOf(request.getParam("grant_type")),
                "appid", String.valueOf(request.getParam("appid")), "secret", String.valueOf(request.getParam("secret"))));
        String body;
        if (!"wx-test-app".equals(request.getParam("appid")) || !"test-secret".equals(request.getParam("secret"))) {
            body = "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
        } else {
            latestToken = "stub-token-" + TOKENS.incrementAndGet();
            body = "{\"access_token\":\"" + latestToken + "\",\"expires_in\":7200}";
        }
        request.response().putHeader("Content-Type", "text/plain").end(body);
    }

    private static void subscribeSend(HttpServerRequest request, JsonObject message) {
        String accessToken = String.valueOf(request.getParam("access_token"));
        String key = request.getHeader("Idempotency-Key");
        String touser = String.valueOf(message.getString("touser"));
        String earlier = key == null ? null : ANSWERED_BY_KEY.get(key);
        if (earlier != null && accessToken.equals(latestToken)) {
            SUBSCRIBE_SENT.add(new SubscribeCall(accessToken, message, key, 0, true));
            request.response().putHeader("Content-Type", "text/plain").end(earlier);
            return;
        }
        int errcode;
        if (!accessToken.equals(latestToken)) {
            errcode = 40001;
        } else if (touser.startsWith("drop")) {
            SUBSCRIBE_SENT.add(new SubscribeCall(accessToken, message, key, -2, false));
            request.connection().close();
            return;
        } else if (touser.startsWith("refuse")) {
            errcode = 43101;
        } else if (touser.startsWith("baddata")) {
            errcode = 47003;
        } else if (touser.startsWith("flaky")) {
            errcode = ANSWERED_ONCE.add(touser) ? -1 : 0;
        } else if (touser.startsWith("expired")) {
            errcode = ANSWERED_ONCE.add(touser) ? 42001 : 0;
        } else {
            errcode = 0;
        }
        SUBSCRIBE_SENT.add(new SubscribeCall(accessToken, message, key, errcode, false));
        String errmsg = switch (errcode) {
            case 0 -> "ok";
            case -1 -> "system error";
            case 40001 -> "invalid credential, access_token is invalid or not latest";
            case 42001 -> "access_token expired";
            case 43101 -> "user refuse to accept the msg";
            case 47003 -> "argument invalid! data.thing1.value invalid";
            default -> "unknown";
        };
        String body = errcode == 0
                ? "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + SUBSCRIBE_SENT.size() + "}"
                : "{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}";
        if (errcode == 0 && key != null) {
            ANSWERED_BY_KEY.put(key, body);
        }
        request.response().putHeader("Content-Type", "text/plain").end(body);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
