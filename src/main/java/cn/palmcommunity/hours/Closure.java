package cn.palmcommunity.hours;

import java.time.Instant;

/**
 * A temporary closure (renovation, a broken heater, an event): closed from {@code from} (inclusive)
 * until {@code until} (exclusive) whatever the weekly hours say. {@code until} may be null for
 * "until further notice".
 */
public record Closure(Instant from, Instant until, String reason) {

    public Closure {
        if (from == null) {
            throw new IllegalArgumentException("a closure needs a start");
        }
        if (until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("a closure must end after it starts: " + from + " .. " + until);
        }
    }

    /** Whether the closure covers {@code instant}. */
    public boolean covers(Instant instant) {
        return !instant.isBefore(from) && (until == null || instant.isBefore(until));
    }
}
