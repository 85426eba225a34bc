package cn.palmcommunity.notification;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.DataScope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/notifications")
@Tag(name = "Notifications", description = "The caller's in-app inbox: petition updates and other messages")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@Authenticated
public class NotificationResource {

    private final NotificationInbox inbox;
    private final DataScope scope;

    public NotificationResource(NotificationInbox inbox, DataScope scope) {
        this.inbox = inbox;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "The caller's notifications, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of notifications")
    @APIResponse(responseCode = "400", ref = ProblemResponses.MALFORMED)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<NotificationPage> list(
            @Parameter(description = "Only unread ones", example = "true") @QueryParam("unread") String unread,
            @Parameter(description = "nextCursor of the previous page", example = "352") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100", example = "20") @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return inbox.page(scope.accountId(), flag("unread", unread), QueryParams.optionalLong("cursor", cursor), limit);
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark one of the caller's notifications as read")
    @APIResponse(responseCode = "204", description = "Marked read (also when it already was)")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<Void> markRead(@Parameter(example = "381") @PathParam("id") long id) {
        return inbox.markRead(scope.accountId(), id);
    }

    /** true/false only, so that a typo is a 400 naming the parameter rather than silently "all". */
    private static boolean flag(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ProblemException(Problem.of(400, "wrong-type", "Request is not valid", name + " must be true or false")
                    .withErrors(List.of(new Problem.FieldError(name, "must be true or false"))));
        };
    }
}
