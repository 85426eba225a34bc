package cn.palmcommunity.packaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application as production runs it: {@code java -jar quarkus-run.jar}, configured
 * only by the standard environment variables, against a new empty database. It must migrate the
 * schema, load no demo data, log JSON, and become ready.
 */
class PackagedAppIT {

    private static final String HOST = System.getProperty("palm.db.host", "127.0.0.1");
    private static final String PORT = System.getProperty("palm.db.port", "55432");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String database = "palm_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Process app;
    private Path log;

    @BeforeEach
    void createEmptyDatabase() throws Exception {
        try (Connection admin = admin("postgres"); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void stopAndDrop() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
        try (Connection admin = admin("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void startsFromEnvironmentVariablesMigratesAnEmptyDatabaseAndBecomesReady() throws Exception {
        int port = freePort();
        log = Files.createTempFile("palm-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("PALM_"));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + HOST + ":" + PORT + "/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "unused-with-trust-auth");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Production has no default for the ID-number key: it must come from the environment.
        env.put("PALM_RESIDENT_ID_KEY", "cGFja2FnZWQtYXBwLXRlc3QtcmVzaWRlbnQtaWQta2V5LTMyKw==");
        long started = System.nanoTime();
        app = builder.start();

        HttpResponse<String> ready = waitUntilReady(port, Duration.ofSeconds(90));
        System.out.printf("Packaged app ready after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());

        try (Connection db = admin(database); Statement st = db.createStatement()) {
            ResultSet migrations = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'");
            migrations.next();
            assertEquals(1, migrations.getInt(1), "V1 applied");
            ResultSet districts = st.executeQuery("SELECT count(*) FROM district");
            districts.next();
            assertEquals(0, districts.getInt(1), "production never loads the demo district");
            ResultSet postgis = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'");
            postgis.next();
            assertEquals(1, postgis.getInt(1));
        }

        // No signing key configured: the server runs, but refuses logins with a clear problem.
        try (Connection db = admin(database); Statement st = db.createStatement()) {
            st.execute("INSERT INTO district (code, name) VALUES ('D', 'Test district')");
            st.execute("INSERT INTO account (role, username, display_name, password_hash, district_id) VALUES ('DISTRICT_ADMIN', 'admin', 'Admin', '"
                    + io.quarkus.elytron.security.common.BcryptUtil.bcryptHash("right-password") + "', (SELECT id FROM district))");
        }
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"right-password\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, login.statusCode(), login.body());
        assertTrue(login.body().contains("/problems/signing-key-missing"), login.body());
        assertTrue(login.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        HttpResponse<String> metrics = get(port, "/q/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("http_server_requests_seconds"), "Prometheus metrics");

        HttpResponse<String> swagger = get(port, "/q/swagger-ui/");
        assertEquals(404, swagger.statusCode(), "Swagger UI is off in production unless configured");

        List<String> lines = Files.readAllLines(log);
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("{")), "JSON logs in production: " + lines.get(0));
    }

    private static HttpResponse<String> waitUntilReady(int port, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(port, "/q/health/ready");
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready in " + limit + (last == null ? "" : ": " + last.body()));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Connection admin(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + db, "postgres", "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
