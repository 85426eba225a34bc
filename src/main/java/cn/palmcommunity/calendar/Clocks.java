package cn.palmcommunity.calendar;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one clock business logic reads "now" from (opening hours, check-in hours, served counts), so
 * tests can put the district at a chosen moment with {@code QuarkusMock.installMockForType(Clock.fixed(...), Clock.class)}.
 * Application-scoped (a client proxy) precisely so that such a replacement reaches every user.
 */
public class Clocks {

    @Produces
    @ApplicationScoped
    @DefaultBean
    Clock clock() {
        return Clock.system(ChinaTime.CHINA);
    }
}
