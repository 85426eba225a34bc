package cn.palmcommunity.ratelimit;

import cn.palmcommunity.http.DeviceIds;
import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces {@link RateLimited} before anything else of the request runs (no token check, no body
 * read, no database), so a flood costs us as little as possible.
 */
public class RateLimitFilter {


    private final Config config;
    private final Map<String, TokenBuckets> byName = new ConcurrentHashMap<>();

    public RateLimitFilter(Config config) {
        this.config = config;
    }

    @RateLimited("")
    @ServerRequestFilter(priority = 100)
    public void limit(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        RateLimited limit = annotationOf(resource);
        if (limit == null) {
            return;
        }
        TokenBuckets buckets = byName.computeIfAbsent(limit.value(), name -> new TokenBuckets(perMinute(limit)));
        long wait = buckets.acquire(clientKey(request.getHeaderString(DeviceIds.HEADER), http));
        if (wait > 0) {
            throw new ProblemException(Problem.of(429, "rate-limited", "Too many requests",
                    "More than " + buckets.perMinute() + " requests a minute from this client; try again in " + wait + " s"), wait);
        }
    }

    /** The device when it names itself (riders behind one carrier NAT share an address), else the address. */
    static String clientKey(String device, HttpServerRequest http) {
        if (DeviceIds.isValid(device)) {
            return "device:" + device;
        }
        return "ip:" + (http == null || http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
    }

    private int perMinute(RateLimited limit) {
        if (limit.property().isEmpty()) {
            return limit.perMinute();
        }
        return config.getOptionalValue(limit.property(), Integer.class).orElse(limit.perMinute());
    }

    private static RateLimited annotationOf(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        RateLimited onMethod = method == null ? null : method.getAnnotation(RateLimited.class);
        if (onMethod != null) {
            return onMethod;
        }
        Class<?> type = resource.getResourceClass();
        return type == null ? null : type.getAnnotation(RateLimited.class);
    }

}
