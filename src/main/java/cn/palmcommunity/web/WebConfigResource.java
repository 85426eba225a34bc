package cn.palmcommunity.web;

import cn.palmcommunity.error.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the phone web app served at {@code /} needs to know about this installation before anyone
 * logs in: where map tiles come from (none by default; the map then shows its markers on a plain
 * background) and whether the demo district's sign-in exists.
 */
@Path("/api/web-config")
@Tag(name = "Web app", description = "Settings for the phone web app served at /")
@Produces(MediaType.APPLICATION_JSON)
public class WebConfigResource {

    @Schema(name = "WebConfig", description = "Installation settings for the phone web app")
    public record WebConfig(
            @Schema(example = "https://tiles.example.cn/{z}/{x}/{y}.png", nullable = true,
                    description = "Map tile URL template ({z}, {x}, {y}); absent when no tile server is configured") String tileUrl,
            @Schema(example = "WGS84", enumeration = {"WGS84", "GCJ02"},
                    description = "Datum of the tiles: mainland Chinese tile providers draw in GCJ-02") String tileCoord,
            @Schema(example = "© 地图数据提供方", nullable = true) String tileAttribution,
            @Schema(example = "true", description = "The demo district is loaded: the web app offers the demo resident sign-in") boolean demo) {
    }

    private final WebConfig config;

    public WebConfigResource(@ConfigProperty(name = "palm.web.tile-url") Optional<String> tileUrl,
                             @ConfigProperty(name = "palm.web.tile-coord", defaultValue = "WGS84") String tileCoord,
                             @ConfigProperty(name = "palm.web.tile-attribution") Optional<String> attribution,
                             @ConfigProperty(name = "palm.demo.enabled") boolean demo) {
        String datum = "GCJ02".equalsIgnoreCase(tileCoord.strip()) ? "GCJ02" : "WGS84";
        this.config = new WebConfig(tileUrl.map(String::strip).filter(s -> !s.isEmpty()).orElse(null), datum,
                attribution.map(String::strip).filter(s -> !s.isEmpty()).orElse(null), demo);
    }

    @GET
    @PermitAll
    @Operation(summary = "Settings for the phone web app: map tiles and the demo sign-in")
    @APIResponse(responseCode = "200", description = "The settings")
    @APIResponse(responseCode = "406", description = "The client accepts no JSON", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-acceptable", value = "{\"type\": \"https://palm.community/problems/not-acceptable\", "
                    + "\"title\": \"Not Acceptable\", \"status\": 406, \"detail\": \"This resource answers only application/json\"}")))
    public Uni<WebConfig> config() {
        return Uni.createFrom().item(config);
    }
}
