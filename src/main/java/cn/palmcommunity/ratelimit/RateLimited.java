package cn.palmcommunity.ratelimit;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one client may call the marked endpoints: a token bucket per client (the
 * {@code X-Device-Id} header when present, else the client address) that refills at
 * {@link #perMinute} requests a minute. Over it the client gets 429 with {@code Retry-After}.
 * Endpoints sharing a {@link #value() bucket name} share the budget.
 *
 * <p>Document it on the operation with {@code @APIResponse(responseCode = "429", ref = ProblemResponses.TOO_MANY)}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {

    /** The bucket name; endpoints with the same name draw from the same budget. */
    String value();

    /** The configuration property holding the requests per minute; empty means {@link #perMinute} only. */
    String property() default "";

    /** Requests per minute when {@link #property} is not set. */
    int perMinute() default 120;
}
