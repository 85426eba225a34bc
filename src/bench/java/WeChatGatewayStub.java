import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for WeChat's subscribe-message API (behind the district's message gateway) for the
 * reminder benchmark: a one-file Vert.x server, run with the server's own jars on the class path
 * (no downloads). /cgi-bin/token hands out one token; /cgi-bin/message/subscribe/send answers 0
 * after an optional delay and honours the Idempotency-Key header (a key seen before is a
 * duplicate, answered ok and not counted as delivered); /stats answers the counters as JSON.
 *
 * <p>Usage: java -cp 'target/quarkus-app/lib/main/*' src/bench/java/WeChatGatewayStub.java PORT [DELAY_MS]
 */
public final class WeChatGatewayStub {

    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong DELIVERED = new AtomicLong();
    private static final AtomicLong DUPLICATES = new AtomicLong();
    private static final AtomicLong FIRST_NANOS = new AtomicLong();
    private static final AtomicLong LAST_NANOS = new AtomicLong();
    private static final Set<String> KEYS = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> handle(vertx, request, delayMs)).listen(port, "127.0.0.1")
                .onSuccess(server -> System.out.println("stub listening on " + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private static void handle(Vertx vertx, HttpServerRequest request, long delayMs) {
        switch (request.path()) {
            case "/cgi-bin/token" -> answer(request, "{\"access_token\":\"bench-token\",\"expires_in\":7200}");
            case "/cgi-bin/message/subscribe/send" -> request.body().onSuccess(body -> {
                long now = System.nanoTime();
                FIRST_NANOS.compareAndSet(0, now);
                LAST_NANOS.set(now);
                long n = REQUESTS.incrementAndGet();
                String key = request.getHeader("Idempotency-Key");
                if (key == null || KEYS.add(key)) {
                    DELIVERED.incrementAndGet();
                } else {
                    DUPLICATES.incrementAndGet();
                }
                String answer = "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + n + "}";
                if (delayMs > 0) {
                    vertx.setTimer(delayMs, t -> answer(request, answer));
                } else {
                    answer(request, answer);
                }
            });
            case "/stats" -> answer(request, "{\"requests\":" + REQUESTS.get() + ",\"delivered\":" + DELIVERED.get() + ",\"duplicates\":"
                    + DUPLICATES.get() + ",\"seconds\":" + String.format("%.3f", (LAST_NANOS.get() - FIRST_NANOS.get()) / 1e9) + "}");
            default -> request.response().setStatusCode(404).end();
        }
    }

    private static void answer(HttpServerRequest request, String body) {
        request.response().putHeader("Content-Type", "text/plain").end(body);
    }
}
