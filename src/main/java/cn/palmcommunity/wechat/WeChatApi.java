package cn.palmcommunity.wechat;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * WeChat's mini-program login API. WeChat answers JSON labelled text/plain, so the body is taken as
 * text and parsed by {@link WeChatSessions}.
 */
@RegisterRestClient(configKey = "wechat")
public interface WeChatApi {

    @GET
    @Path("/sns/jscode2session")
    Uni<String> jscode2session(@QueryParam("appid") String appId,
                               @QueryParam("secret") String secret,
                               @QueryParam("js_code") String jsCode,
                               @QueryParam("grant_type") String grantType);
}
