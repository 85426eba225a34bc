package cn.palmcommunity.idempotency;

import cn.palmcommunity.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Test-only endpoints that create "things" and count how often they really ran, so tests can tell a
 * replay from a second creation. Hidden from the OpenAPI contract.
 */
@Path("/test/idempotency")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class IdempotencyProbeResource {

    /** How many times the endpoint body ran, per thing name (tests use unique names). */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong(1000);

    public static int runs(String name) {
        AtomicInteger runs = RUNS.get(name);
        return runs == null ? 0 : runs.get();
    }

    @POST
    @Path("/things")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Operation(hidden = true)
    public Uni<Response> create(Map<String, Object> thing, @HeaderParam("X-Probe-Fail") String fail) {
        String name = String.valueOf(thing.get("name"));
        int delay = thing.get("delayMs") instanceof Number n ? n.intValue() : 0;
        Uni<Void> pause = delay > 0 ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delay)) : Uni.createFrom().voidItem();
        return pause.map(ignored -> {
            int run = RUNS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if ("true".equals(fail)) {
                throw new IllegalStateException("probe told to fail");
            }
            if (Boolean.TRUE.equals(thing.get("reject"))) {
                throw ProblemException.invalidField("name", "is rejected by the probe");
            }
            long id = IDS.incrementAndGet();
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("id", id);
            created.put("name", name);
            created.put("run", run);
            created.put("bodyLength", thing.get("padding") instanceof String p ? p.length() : 0);
            return Response.created(URI.create("/test/idempotency/things/" + id)).entity(created).build();
        });
    }

    @POST
    @Path("/things/{id}/touch")
    @Idempotent
    @Operation(hidden = true)
    public Uni<Map<String, Object>> touch(@PathParam("id") long id) {
        int run = RUNS.computeIfAbsent("touch-" + id, n -> new AtomicInteger()).incrementAndGet();
        return Uni.createFrom().item(Map.of("id", id, "touches", run));
    }

    @POST
    @Path("/uploads")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Idempotent
    @Operation(hidden = true)
    public Uni<Response> upload(@RestForm String title, @RestForm("photo") FileUpload photo) {
        int run = RUNS.computeIfAbsent(title, n -> new AtomicInteger()).incrementAndGet();
        long id = IDS.incrementAndGet();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(photo.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id);
        created.put("title", title);
        created.put("run", run);
        created.put("photoBytes", bytes.length);
        created.put("photoSha256", sha256(bytes));
        return Uni.createFrom().item(Response.created(URI.create("/test/idempotency/uploads/" + id)).entity(created).build());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
