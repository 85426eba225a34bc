package cn.palmcommunity.notification;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * WeChat's server API for subscribe messages and the access token they need. Same base URL and
 * timeouts as the login client ({@code quarkus.rest-client.wechat.*}). WeChat answers JSON labelled
 * text/plain, so answers are taken as text and parsed by {@link WeChatSubscribeMessages}.
 */
@RegisterRestClient(configKey = "wechat")
public interface WeChatSubscribeApi {

    @GET
    @Path("/cgi-bin/token")
    Uni<String> token(@QueryParam("grant_type") String grantType,
                      @QueryParam("appid") String appId,
                      @QueryParam("secret") String secret);

    /**
     * {@code message}: {"touser", "template_id", "page", "miniprogram_state", "lang", "data": {key: {"value"}}}.
     * {@code idempotencyKey} names the outbox delivery ({@code palm-delivery-<id>}) and is the same on
     * every attempt of it: WeChat itself ignores the header, the district's message gateway in front of
     * it answers a repeated key with the first answer instead of sending again.
     */
    @POST
    @Path("/cgi-bin/message/subscribe/send")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<String> send(@QueryParam("access_token") String accessToken, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, String message);

    String IDEMPOTENCY_KEY = "Idempotency-Key";
}
