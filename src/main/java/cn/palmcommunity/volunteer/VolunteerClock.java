package cn.palmcommunity.volunteer;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * The time volunteering rules are judged by (check-in windows, no-shows, the month of the cap).
 * Every statement gets it as a parameter rather than calling now() in SQL, so tests can move it.
 */
@ApplicationScoped
public class VolunteerClock {

    private volatile Clock clock = Clock.systemUTC();

    public Instant now() {
        return clock.instant();
    }

    /** For tests: judge by another clock; {@code null} goes back to the system clock. */
    public void use(Clock other) {
        clock = other == null ? Clock.systemUTC() : other;
    }
}
