package cn.palmcommunity.photo;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Reads photos received as multipart file parts ({@code @RestForm("photos") List<FileUpload>}).
 * Quarkus REST has already streamed each part to a temporary file (under
 * {@code quarkus.http.body.uploads-directory}, deleted when the request ends). Counts and sizes are
 * checked before anything is read, and the files are read through Vert.x's asynchronous file
 * system, so the event loop, where a {@code Uni}-returning endpoint runs, never waits on the disk.
 */
@ApplicationScoped
public class PhotoUploads {

    private final Vertx vertx;
    private final PhotoStore photos;
    private final long maxBytes;
    private final int maxCount;

    public PhotoUploads(Vertx vertx, PhotoStore photos,
                        @ConfigProperty(name = "palm.photo.max-bytes", defaultValue = "5242880") long maxBytes,
                        @ConfigProperty(name = "palm.photo.max-count", defaultValue = "9") int maxCount) {
        this.vertx = vertx;
        this.photos = photos;
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
    }

    public int maxCount() {
        return maxCount;
    }

    /**
     * The parts' bytes in the order sent. More than {@code palm.photo.max-count} parts → 422 naming
     * {@code field}; a part over {@code palm.photo.max-bytes} → 413 naming {@code field[i]}. No
     * parts is an empty list; whether a photo is required is the caller's decision.
     */
    public Uni<List<byte[]>> readAll(List<FileUpload> parts, String field) {
        List<FileUpload> uploads = parts == null ? List.of() : parts;
        return check(uploads, field).chain(() -> {
            List<Uni<byte[]>> reads = new ArrayList<>(uploads.size());
            for (int i = 0; i < uploads.size(); i++) {
                reads.add(read(uploads.get(i), field + "[" + i + "]"));
            }
            return reads.isEmpty() ? Uni.createFrom().item(List.<byte[]>of()) : Uni.join().all(reads).andFailFast();
        });
    }

    /**
     * The same checks, then each part read and cleaned one after the other ({@link PhotoStore#prepare}),
     * so at most one original is in memory at a time, not nine. What an endpoint normally wants
     * before it opens its transaction.
     */
    public Uni<List<CleanPhoto>> prepareAll(List<FileUpload> parts, String field) {
        List<FileUpload> uploads = parts == null ? List.of() : parts;
        return check(uploads, field).chain(() -> {
            Uni<List<CleanPhoto>> chain = Uni.createFrom().item(new ArrayList<>(uploads.size()));
            for (int i = 0; i < uploads.size(); i++) {
                FileUpload upload = uploads.get(i);
                String name = field + "[" + i + "]";
                chain = chain.chain(done -> read(upload, name)
                        .chain(bytes -> photos.prepare(bytes, name))
                        .map(photo -> {
                            done.add(photo);
                            return done;
                        }));
            }
            return chain.map(List::copyOf);
        });
    }

    private Uni<Void> check(List<FileUpload> uploads, String field) {
        if (uploads.size() > maxCount) {
            return Uni.createFrom().failure(PhotoProblems.tooMany(field, maxCount));
        }
        for (int i = 0; i < uploads.size(); i++) {
            if (uploads.get(i).size() > maxBytes) {
                return Uni.createFrom().failure(PhotoProblems.tooLarge(field + "[" + i + "]", maxBytes));
            }
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<byte[]> read(FileUpload upload, String name) {
        return vertx.fileSystem().readFile(upload.uploadedFile().toString())
                .map(buffer -> {
                    byte[] bytes = buffer.getBytes();
                    if (bytes.length > maxBytes) { // what is on disk counts, not what the part announced
                        throw PhotoProblems.tooLarge(name, maxBytes);
                    }
                    return bytes;
                });
    }
}
