package cn.palmcommunity.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * SHA-256 of a request body, taken after Quarkus REST has read the body and before the endpoint
 * deserialises it (the filter runs with {@code @WithFormRead}).
 *
 * <ul>
 * <li>A plain body (JSON): the hash of its bytes. Quarkus REST has buffered it already; the bytes
 * are put back as the entity stream so the endpoint reads them as usual.</li>
 * <li>A form (multipart or urlencoded): Quarkus REST has parsed it into parts (files possibly on
 * disk) and the raw bytes are gone. The hash covers each part's name, file name, content type and
 * content, in name order, which is also right for retries: a phone re-sending the same upload uses a
 * new random multipart boundary, so the raw bytes would differ anyway. Files are read on a worker
 * thread.</li>
 * </ul>
 */
final class RequestHash {

    /** Bodies up to this size are hashed where they are; larger ones on a worker thread. */
    private static final int INLINE_LIMIT = 64 * 1024;

    private RequestHash() {
    }

    static Uni<byte[]> of(ContainerRequestContext request, ServerRequestContext server, Vertx vertx) {
        ResteasyReactiveRequestContext context = (ResteasyReactiveRequestContext) server;
        FormData form = context.getFormData();
        if (form != null) {
            return vertx.executeBlocking(Uni.createFrom().item(() -> ofForm(form)));
        }
        if (!context.hasInputStream() && io.vertx.core.Context.isOnEventLoopThread()) {
            // No body parameter: nothing was buffered, and the endpoint reads no body.
            return Uni.createFrom().item(sha256().digest());
        }
        byte[] body;
        try {
            // Buffered in memory by Quarkus REST, or (bodies over its input buffer) a stream we are
            // allowed to block on, because then this runs on a worker thread.
            body = request.getEntityStream().readAllBytes();
        } catch (IOException e) {
            return Uni.createFrom().failure(new UncheckedIOException(e));
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        if (body.length > INLINE_LIMIT && io.vertx.core.Context.isOnEventLoopThread()) {
            return vertx.executeBlocking(Uni.createFrom().item(() -> sha256().digest(body)));
        }
        return Uni.createFrom().item(sha256().digest(body));
    }

    private static byte[] ofForm(FormData form) {
        MessageDigest digest = sha256();
        List<String> names = new ArrayList<>();
        form.forEach(names::add);
        names.sort(null);
        for (String name : names) {
            for (FormValue value : form.get(name)) {
                field(digest, name);
                field(digest, value.getFileName());
                field(digest, value.getHeaders() == null ? null : value.getHeaders().getFirst("Content-Type"));
                if (value.isFileItem()) {
                    try (InputStream in = value.getFileItem().getInputStream()) {
                        byte[] chunk = new byte[64 * 1024];
                        long length = 0;
                        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                            digest.update(chunk, 0, n);
                            length += n;
                        }
                        field(digest, Long.toString(length));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    field(digest, value.getValue());
                }
            }
        }
        return digest.digest();
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently. */
    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(new byte[] {0, 0, 0, 0, (byte) 0xff});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length, 1});
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
