import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for the foundation benchmark (run by src/dev/bench-foundation): logs in as a demo community
 * worker, then sends N authenticated requests with C in flight, alternating the scoped community
 * list and an audited resident read. Prints throughput and latency percentiles.
 *
 * <p>Usage: java src/bench/java/FoundationLoad.java BASE_URL REQUESTS CONCURRENCY
 */
public final class FoundationLoad {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"worker.c001\",\"password\":\"Demo#2026\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(login.body());
        if (login.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
        }
        String bearer = "Bearer " + token.group(1);
        HttpResponse<String> residents = http.send(HttpRequest.newBuilder(URI.create(base + "/api/org/communities"))
                .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofString());
        if (residents.statusCode() != 200) {
            throw new IllegalStateException("warm-up failed: " + residents.body());
        }

        // Resident ids 1.. belong to community 1 in the demo district.
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger failures = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            String path = i % 2 == 0 ? "/api/org/communities" : "/api/residents/" + (1 + i % 20) + "?purpose=benchmark";
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", bearer).build();
            inFlight.acquire();
            long sent = System.nanoTime();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                latencies.add(System.nanoTime() - sent);
                if (error != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                }
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("requests=%d concurrency=%d failures=%d seconds=%.2f throughput=%.0f/s p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n",
                total, concurrency, failures.get(), seconds, total / seconds, ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * q))) / 1e6;
    }
}
