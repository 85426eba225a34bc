package cn.palmcommunity.idempotency;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST that creates something as honouring the {@code Idempotency-Key} request header, so a
 * phone that retries on a weak network gets the first answer again instead of a second petition.
 * Requests without the header are not affected. See {@link IdempotencyFilters} for the rules.
 *
 * <p>Document it on the operation, e.g.
 * <pre>
 * &#64;POST &#64;Idempotent
 * &#64;Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = IdempotencyKeys.HEADER_DESCRIPTION,
 *            example = "5f0c2b1e-8f0a-4a57-a1f5-2d7c0c6e9b11")
 * &#64;APIResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)   // the same key is still in flight
 * &#64;APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)    // the key was used for another request
 * </pre>
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {
}
