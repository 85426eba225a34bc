package cn.palmcommunity.photo;

import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Test only: how an owner's endpoint (the petition's) receives, stores and serves photos. Hidden
 * from the OpenAPI document; it exists only in the test class path.
 */
@Path("/test/photo-uploads")
@Produces(MediaType.APPLICATION_JSON) // as the real resources declare; the photo method overrides it
public class PhotoUploadTestResource {

    private final PhotoUploads uploads;
    private final PhotoStore photos;
    private final Pool pool;
    private final DataScope scope;

    public PhotoUploadTestResource(PhotoUploads uploads, PhotoStore photos, Pool pool, DataScope scope) {
        this.uploads = uploads;
        this.photos = photos;
        this.pool = pool;
        this.scope = scope;
    }

    /** {@code eventLoop}: where the endpoint ran, which is why files must be read asynchronously. */
    public record Uploaded(String note, boolean eventLoop, List<StoredPhoto> photos) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMMUNITY_WORKER_NAME, Role.RESIDENT_NAME})
    @Operation(hidden = true)
    public Uni<Uploaded> upload(@RestForm("photos") List<FileUpload> parts, @RestForm("note") String note) {
        long uploader = scope.accountId();
        boolean eventLoop = io.vertx.core.Context.isOnEventLoopThread();
        return uploads.readAll(parts, "photos")
                .chain(originals -> photos.prepareAll(originals, "photos"))
                .chain(clean -> pool.withTransaction(tx -> photos.insertAll(tx, clean, uploader)))
                .map(stored -> new Uploaded(note, eventLoop, stored));
    }

    /** The same through {@link PhotoUploads#prepareAll}: one original in memory at a time. */
    @POST
    @Path("/one-at-a-time")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMMUNITY_WORKER_NAME, Role.RESIDENT_NAME})
    @Operation(hidden = true)
    public Uni<Uploaded> uploadOneAtATime(@RestForm("photos") List<FileUpload> parts, @RestForm("note") String note) {
        long uploader = scope.accountId();
        boolean eventLoop = io.vertx.core.Context.isOnEventLoopThread();
        return uploads.prepareAll(parts, "photos")
                .chain(clean -> pool.withTransaction(tx -> photos.insertAll(tx, clean, uploader)))
                .map(stored -> new Uploaded(note, eventLoop, stored));
    }

    @GET
    @Path("/{id}")
    @Produces({"image/jpeg", "image/png", "image/webp"})
    @RolesAllowed({Role.COMMUNITY_WORKER_NAME, Role.RESIDENT_NAME})
    @Operation(hidden = true)
    public Uni<Response> photo(@PathParam("id") UUID id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return photos.load(id).map(photo -> PhotoResponses.of(photo, ifNoneMatch));
    }
}
