package io.dubboai.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.server.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counting, locking and memory bound of {@link LoginThrottle}, with a hand-moved clock. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottle.Limits(3, 10, Duration.ofMinutes(10), Duration.ofMinutes(5), 100), clock);

    @Test
    void begin_whileLastAllowedAttemptsAreInFlight_refusesWithoutLocking() {
        // three attempts admitted but not yet checked: a fourth in parallel must not run a fourth password check
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(throttle.begin("bob", "10.0.0.1"));
        }
        assertThatThrownBy(() -> throttle.begin("bob", "10.0.0.1"))
                .isInstanceOfSatisfying(LoginThrottledException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(LoginThrottle.IN_FLIGHT_RETRY));

        // one of them succeeds: the user's count is forgotten, so bob may try again at once
        throttle.succeeded(inFlight.get(0));
        assertThat(throttle.failed(inFlight.get(1))).isEmpty();
        assertThat(throttle.begin("bob", "10.0.0.1")).isNotNull();
    }

    @Test
    void failed_reachingTheMaximum_locksTheUserAndNamesTheEnd() {
        throttle.failed(throttle.begin("bob", "10.0.0.1"));
        throttle.failed(throttle.begin("bob", "10.0.0.2"));

        List<LoginThrottle.Lockout> locked = throttle.failed(throttle.begin("bob", "10.0.0.3"));

        assertThat(locked)
                .containsExactly(new LoginThrottle.Lockout(
                        LoginThrottle.Scope.USER, "user:bob", clock.instant().plus(Duration.ofMinutes(5))));
        assertThatThrownBy(() -> throttle.begin("bob", "10.0.0.4"))
                .isInstanceOfSatisfying(LoginThrottledException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(300));
        // the refused attempt took nothing from its address's allowance: all 10 failures are still admitted there
        for (int i = 0; i < 10; i++) {
            throttle.failed(throttle.begin("user-" + i, "10.0.0.4"));
        }
        assertThatThrownBy(() -> throttle.begin("user-x", "10.0.0.4")).isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void abandoned_storeFailure_countsForNothing() {
        for (int i = 0; i < 10; i++) {
            throttle.abandoned(throttle.begin("bob", "10.0.0.1"));
        }
        assertThat(throttle.trackedKeys()).isZero();
    }

    @Test
    void begin_floodOfDistinctNames_keepsMemoryBoundedAndStillLimits() {
        // 5 000 distinct names from 500 addresses, each failing once: far more keys than the 100 tracked
        for (int i = 0; i < 5_000; i++) {
            failIfAdmitted("name-" + i, "10.1." + (i % 500 / 250) + "." + (i % 250));
        }
        assertThat(throttle.trackedKeys()).isLessThanOrEqualTo(100 + 2 * LoginThrottle.OVERFLOW_BUCKETS);

        // new names now share overflow buckets: a name still gets at most 3 failures, fewer if its bucket is busy
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += failIfAdmitted("victim", "10.9.9." + i) ? 1 : 0;
        }
        assertThat(admitted).isLessThanOrEqualTo(3);
    }

    /** One failed login, if the throttle admits it. */
    private boolean failIfAdmitted(String username, String address) {
        try {
            throttle.failed(throttle.begin(username, address));
            return true;
        } catch (LoginThrottledException refused) {
            return false;
        }
    }

    @Test
    void begin_afterEverythingExpired_sweepsWhenFull() {
        for (int i = 0; i < 100; i++) {
            failIfAdmitted("name-" + i, "10.2.0." + (i % 10));
        }
        clock.advance(Duration.ofMinutes(10));

        throttle.failed(throttle.begin("late", "10.3.0.1"));

        // the sweep dropped every expired entry, so "late" got an entry of its own again
        assertThat(throttle.trackedKeys()).isEqualTo(2);
    }

    @Test
    void limits_outOfRange_nameFieldAndValue() {
        assertThatThrownBy(() -> new LoginThrottle.Limits(0, 10, Duration.ofMinutes(1), Duration.ofMinutes(1), 100))
                .hasMessage("maxFailuresPerUser must be at least 1, but was 0");
        assertThatThrownBy(() -> new LoginThrottle.Limits(1, 10, Duration.ZERO, Duration.ofMinutes(1), 100))
                .hasMessage("window must be positive, but was PT0S");
        assertThatThrownBy(() -> new LoginThrottle.Limits(1, 10, Duration.ofMinutes(1), Duration.ofMinutes(1), 5))
                .hasMessage("maxTrackedKeys must be at least 100, but was 5");
    }
}
