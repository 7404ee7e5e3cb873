package io.dubboai.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.testing.MutableClock;
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
    void failed_reachingTheMaximum_locksTheUserFromThatAddressAndNamesTheEnd() {
        throttle.failed(throttle.begin("bob", "10.0.0.1"));
        throttle.failed(throttle.begin("bob", "10.0.0.1"));

        List<LoginThrottle.Lockout> locked = throttle.failed(throttle.begin("bob", "10.0.0.1"));

        assertThat(locked)
                .containsExactly(new LoginThrottle.Lockout(
                        LoginThrottle.Scope.USER,
                        "user:bob@10.0.0.1",
                        "bob",
                        "10.0.0.1",
                        clock.instant().plus(Duration.ofMinutes(5))));
        assertThatThrownBy(() -> throttle.begin("bob", "10.0.0.1"))
                .isInstanceOfSatisfying(LoginThrottledException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(300));
        // the refused attempt took nothing from its address's allowance: 3 of its 10 failures are used, 7 remain
        for (int i = 0; i < 7; i++) {
            throttle.failed(throttle.begin("user-" + i, "10.0.0.1"));
        }
        assertThatThrownBy(() -> throttle.begin("user-x", "10.0.0.1")).isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void begin_userLockedFromOneAddress_isStillAdmittedFromAnother() {
        // an attacker at 10.6.6.6 guesses admin's password until the limit
        for (int i = 0; i < 3; i++) {
            throttle.failed(throttle.begin("admin", "10.6.6.6"));
        }
        assertThatThrownBy(() -> throttle.begin("admin", "10.6.6.6")).isInstanceOf(LoginThrottledException.class);

        // the admin, elsewhere, is not locked out and logs in
        throttle.succeeded(throttle.begin("admin", "10.0.0.5"));
        // and that success does not lift the attacker's lock
        assertThatThrownBy(() -> throttle.begin("admin", "10.6.6.6")).isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void unlock_byUserAddressOrBoth_removesOnlyMatchingKeysAndSaysWhat() {
        for (int i = 0; i < 3; i++) {
            throttle.failed(throttle.begin("admin", "10.6.6.6"));
            throttle.failed(throttle.begin("admin", "10.7.7.7"));
        }
        throttle.failed(throttle.begin("carol", "10.6.6.6"));
        assertThat(throttle.lockouts(10))
                .extracting(LoginThrottle.Tracked::user, LoginThrottle.Tracked::address)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("admin", "10.6.6.6"),
                        org.assertj.core.groups.Tuple.tuple("admin", "10.7.7.7"));

        List<LoginThrottle.Tracked> one = throttle.unlock("admin", "10.6.6.6");

        assertThat(one).singleElement().satisfies(t -> {
            assertThat(t.scope()).isEqualTo(LoginThrottle.Scope.USER);
            assertThat(t.failures()).isEqualTo(3);
            assertThat(t.lockedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        });
        assertThat(throttle.begin("admin", "10.6.6.6")).isNotNull();
        assertThatThrownBy(() -> throttle.begin("admin", "10.7.7.7")).isInstanceOf(LoginThrottledException.class);

        // by user alone: every address; by address alone: the address and every name from it
        assertThat(throttle.unlock("admin", null)).hasSize(2);
        assertThat(throttle.unlock(null, "10.6.6.6"))
                .extracting(LoginThrottle.Tracked::scope, LoginThrottle.Tracked::user)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(LoginThrottle.Scope.ADDRESS, null),
                        org.assertj.core.groups.Tuple.tuple(LoginThrottle.Scope.USER, "carol"));
        assertThat(throttle.unlock("nobody", null)).isEmpty();
        assertThatThrownBy(() -> throttle.unlock(" ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give user, address or both");
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

        // new keys now share overflow buckets: a name from one address still gets at most 3 failures, fewer if its
        // bucket is busy
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += failIfAdmitted("victim", "10.9.9.9") ? 1 : 0;
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
