package cn.palmcommunity.ratelimit;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aClientMayBurstItsMinuteThenWaitsForTheRefill() {
        AtomicLong now = new AtomicLong(0);
        TokenBuckets buckets = new TokenBuckets(60, now::get); // one a second
        for (int i = 0; i < 60; i++) {
            assertEquals(0, buckets.acquire("a"), "request " + i);
        }
        assertEquals(1, buckets.acquire("a"), "the 61st waits for the next token");
        assertEquals(0, buckets.acquire("b"), "other clients have their own bucket");
        now.addAndGet(SECOND / 2);
        assertEquals(1, buckets.acquire("a"), "half a token is not a token");
        now.addAndGet(SECOND / 2);
        assertEquals(0, buckets.acquire("a"));
        assertEquals(1, buckets.acquire("a"));
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        AtomicLong now = new AtomicLong(0);
        TokenBuckets buckets = new TokenBuckets(6, now::get); // one every 10 s
        for (int i = 0; i < 6; i++) {
            buckets.acquire("a");
        }
        assertEquals(10, buckets.acquire("a"));
        now.addAndGet(3 * SECOND + 1);
        assertEquals(7, buckets.acquire("a"));
    }

    @Test
    void fullBucketsAreForgotten() {
        AtomicLong now = new AtomicLong(0);
        TokenBuckets buckets = new TokenBuckets(10, now::get);
        buckets.acquire("a");
        buckets.acquire("b");
        assertEquals(2, buckets.size());
        now.addAndGet(61 * SECOND);
        buckets.sweep(now.get());
        assertEquals(0, buckets.size());
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0));
    }
}
