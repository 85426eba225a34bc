package cn.palmcommunity.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server standing in for api.weixin.qq.com. The js_code decides the answer:
 * {@code ok-<openid>} succeeds, {@code invalid} → 40029, {@code busy} → 45011, {@code risky} →
 * 40226, {@code broken} → a non-JSON body, {@code hang} → closes the connection. Like WeChat, it
 * labels its JSON text/plain.
 */
public class WeChatStub implements QuarkusTestResourceLifecycleManager {

    /** Query strings received, newest last, so tests can check what the client sent. */
    public static final ConcurrentLinkedDeque<Map<String, String>> RECEIVED = new ConcurrentLinkedDeque<>();

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

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
