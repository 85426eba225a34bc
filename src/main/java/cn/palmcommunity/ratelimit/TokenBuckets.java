package cn.palmcommunity.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Token buckets in memory, one per client key: each holds up to {@code perMinute} tokens and
 * refills continuously at {@code perMinute} a minute, so a client may burst a minute's budget and
 * then keeps the average. Per instance: behind a load balancer each instance limits on its own,
 * which is what a guard against a runaway client needs (it is not a quota).
 *
 * <p>Buckets that have refilled completely are forgotten in a sweep every few thousand requests,
 * so memory follows the clients of the last minute or two, not every client ever seen.
 */
public final class TokenBuckets {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int SWEEP_EVERY = 4096;

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    public TokenBuckets(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    /** With a time source, for tests. */
    public TokenBuckets(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1: " + perMinute);
        }
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Takes a token for {@code key}: 0 when granted, else the whole seconds to wait before one is there. */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            sinceSweep.set(0);
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        return bucket.take(now, perMinute);
    }

    /** How many clients are currently remembered. */
    public int size() {
        return buckets.size();
    }

    void sweep(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().fullAt(now, perMinute)) {
                it.remove();
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized long take(long now, int perMinute) {
            refill(now, perMinute);
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return 0;
            }
            double missingNanos = (1.0 - tokens) * NANOS_PER_MINUTE / perMinute;
            return Math.max(1, (long) Math.ceil(missingNanos / 1_000_000_000.0));
        }

        synchronized boolean fullAt(long now, int perMinute) {
            refill(now, perMinute);
            return tokens >= perMinute;
        }

        private void refill(long now, int perMinute) {
            long elapsed = now - updated;
            if (elapsed > 0) {
                tokens = Math.min(perMinute, tokens + (double) elapsed * perMinute / NANOS_PER_MINUTE);
                updated = now;
            }
        }
    }
}
