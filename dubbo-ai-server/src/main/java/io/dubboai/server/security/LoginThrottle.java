package io.dubboai.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Brute-force protection for password logins: failed attempts are counted per user name <em>from one client
 * address</em> and per client address, and a key with too many failures within a window is refused for a lock-out
 * period, before any password is hashed.
 *
 * <p><b>Keys.</b> A user name is counted per address ({@code bob} from 10.0.0.1 and {@code bob} from 10.0.0.2 are two
 * keys), so failures from one address cannot lock the user out everywhere: an attacker guessing {@code admin}'s
 * password from one address locks {@code admin} there only, while the admin still logs in from elsewhere. The
 * per-address key counts every failure from an address whatever the names, so one address cannot spray guesses over
 * many names or escape the per-user limit by changing names. An attacker with many addresses gets at most
 * {@code maxFailuresPerUser} guesses per address and name.
 *
 * <p><b>Counting.</b> {@link #begin} counts an attempt as a failure before the password is checked and refuses it when
 * the key already has its maximum of failures (or attempts in flight), so a burst of parallel requests cannot run
 * more password checks than the limit. {@link #failed} locks every key whose count reached its maximum;
 * {@link #succeeded} forgets the user's failures from that address and takes the attempt back from the address's
 * count (a valid password from one address does not wipe the failures made there for other names). A window starts
 * with a key's first failure; when it ends unlocked the count starts again. Unknown and existing user names are
 * counted alike, so a refusal does not tell which names exist.
 *
 * <p><b>Unlocking.</b> {@link #lockouts} lists the keys locked now and {@link #unlock} removes keys by user name,
 * address or both (an administrator's early unlock).
 *
 * <p><b>Memory.</b> Entries live in one map of at most {@code maxTrackedKeys} entries plus {@value #OVERFLOW_BUCKETS}
 * overflow buckets. When the map is full, expired entries are swept (at most once a second: a sweep walks the map);
 * if it is still full, a new key is counted in the overflow bucket chosen by its hash, which it shares with other
 * keys: under such a flood, limits for new keys get coarser (stricter), never absent, and memory stays bounded.
 *
 * <p><b>Scope.</b> State is in memory, per server replica: replicas behind a load balancer each enforce their own
 * limits, and a restart forgets them.
 *
 * <p><b>Threading.</b> Thread-safe; every change to an entry is an atomic {@link ConcurrentHashMap#compute} of an
 * immutable value.
 */
public final class LoginThrottle {

    /** Shared counters for new keys while the map is full. */
    static final int OVERFLOW_BUCKETS = 1024;

    /** The answer for a key refused only because its last allowed attempts are still being checked. */
    static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_KEY_LENGTH = 128;

    private final Limits limits;
    private final Clock clock;
    private final ConcurrentHashMap<Slot, Count> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param limits the limits
     * @param clock the time source
     */
    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The limits.
     *
     * @param maxFailuresPerUser failed logins allowed per user name from one address within {@code window}, at least 1
     * @param maxFailuresPerAddress failed logins allowed per client address within {@code window}, at least 1
     * @param window how long failures are counted from a key's first failure, positive
     * @param lockout how long a key is refused once it reached its maximum, positive
     * @param maxTrackedKeys keys (user name and address pairs, and addresses) tracked at once, at least 100
     */
    public record Limits(
            int maxFailuresPerUser, int maxFailuresPerAddress, Duration window, Duration lockout, int maxTrackedKeys) {

        /** 5 failures per user name and address, and 20 per address, within 15 minutes, then 15 minutes refused. */
        public static final Limits DEFAULTS =
                new Limits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15), 100_000);

        /** Checks every bound; the message names the field, its value and the allowed range. */
        public Limits {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(lockout, "lockout");
            if (maxFailuresPerUser < 1) {
                throw new IllegalArgumentException(
                        "maxFailuresPerUser must be at least 1, but was " + maxFailuresPerUser);
            }
            if (maxFailuresPerAddress < 1) {
                throw new IllegalArgumentException(
                        "maxFailuresPerAddress must be at least 1, but was " + maxFailuresPerAddress);
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive, but was " + window);
            }
            if (lockout.isNegative() || lockout.isZero()) {
                throw new IllegalArgumentException("lockout must be positive, but was " + lockout);
            }
            if (maxTrackedKeys < 100) {
                throw new IllegalArgumentException("maxTrackedKeys must be at least 100, but was " + maxTrackedKeys);
            }
        }
    }

    /** Which limit a key belongs to. */
    public enum Scope {
        /** A user name given at login, from one client address. */
        USER,
        /** The client's address, whatever the user names. */
        ADDRESS
    }

    /** An attempt that may check its password; report its outcome with {@link #failed} or {@link #succeeded}. */
    public static final class Attempt {
        private final Slot userSlot;
        private final Slot addressSlot;

        private Attempt(Slot userSlot, Slot addressSlot) {
            this.userSlot = userSlot;
            this.addressSlot = addressSlot;
        }
    }

    /**
     * A key that has just been locked.
     *
     * @param scope a user name from one address, or an address
     * @param key a printable name: {@code user:<name>@<address>}, {@code address:<address>}, or an overflow bucket
     *     ({@code #user:<n>})
     * @param user the user name; {@code null} for an address or an overflow bucket
     * @param address the client address; {@code null} for an overflow bucket
     * @param until when attempts are allowed again
     */
    public record Lockout(
            Scope scope,
            String key,
            @Nullable String user,
            @Nullable String address,
            Instant until) {}

    /**
     * A tracked key, as listed by {@link #lockouts} and returned by {@link #unlock}.
     *
     * @param scope a user name from one address, or an address
     * @param user the user name; {@code null} for an address
     * @param address the client address
     * @param failures failures counted in the current window (including attempts being checked)
     * @param lockedUntil the end of its lock-out, {@code null} when it is not locked
     */
    public record Tracked(
            Scope scope,
            @Nullable String user,
            String address,
            int failures,
            @Nullable Instant lockedUntil) {}

    /**
     * Admits a login attempt, or refuses it without any password check.
     *
     * @param username the user name given, counted whether or not such a user exists
     * @param address the client's address
     * @return the admitted attempt, whose outcome must be reported
     * @throws LoginThrottledException when the user name from this address, or the address, is locked
     */
    public Attempt begin(String username, String address) {
        Instant now = clock.instant();
        Slot addressSlot = slotFor(Slot.address(address), now);
        Instant addressRefused = acquire(addressSlot, limits.maxFailuresPerAddress(), now);
        if (addressRefused != null) {
            throw new LoginThrottledException(now, addressRefused);
        }
        Slot userSlot = slotFor(Slot.user(username, address), now);
        Instant userRefused = acquire(userSlot, limits.maxFailuresPerUser(), now);
        if (userRefused != null) {
            release(addressSlot);
            throw new LoginThrottledException(now, userRefused);
        }
        return new Attempt(userSlot, addressSlot);
    }

    /**
     * Records that {@code attempt}'s password was wrong (or its user unknown).
     *
     * @return the keys this failure locked, none in most cases
     */
    public List<Lockout> failed(Attempt attempt) {
        Instant now = clock.instant();
        List<Lockout> locked = new ArrayList<>(2);
        lockIfFull(attempt.addressSlot, limits.maxFailuresPerAddress(), now, locked);
        lockIfFull(attempt.userSlot, limits.maxFailuresPerUser(), now, locked);
        return locked;
    }

    /**
     * Records that {@code attempt} logged in: the user's failures from that address are forgotten, the address's count
     * taken back.
     */
    public void succeeded(Attempt attempt) {
        if (attempt.userSlot.isOverflow()) {
            release(attempt.userSlot); // a shared bucket: take back this attempt only
        } else {
            entries.remove(attempt.userSlot);
        }
        release(attempt.addressSlot);
    }

    /** Takes back an attempt whose password could not be checked (e.g. the store failed): it counts for nothing. */
    public void abandoned(Attempt attempt) {
        release(attempt.userSlot);
        release(attempt.addressSlot);
    }

    /**
     * The keys locked now, the latest lock-out end first, at most {@code max}. Overflow buckets are not listed: they
     * are shared by many keys and end with their lock-out.
     */
    public List<Tracked> lockouts(int max) {
        Instant now = clock.instant();
        return entries.entrySet().stream()
                .filter(e -> !e.getKey().isOverflow())
                .filter(e -> e.getValue().lockedUntil() != null
                        && now.isBefore(e.getValue().lockedUntil()))
                .map(e -> e.getKey().tracked(e.getValue()))
                .sorted(Comparator.comparing(Tracked::lockedUntil, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(max)
                .toList();
    }

    /**
     * Forgets the failures and lock-outs of a user name from an address, of a user name from every address
     * ({@code address} null), or of an address ({@code user} null: the address's own key and every user name from it).
     *
     * @return the keys removed that were still counting or locked; empty when there were none
     * @throws IllegalArgumentException when both are null or blank
     */
    public List<Tracked> unlock(@Nullable String user, @Nullable String address) {
        boolean anyUser = user == null || user.isBlank();
        boolean anyAddress = address == null || address.isBlank();
        if (anyUser && anyAddress) {
            throw new IllegalArgumentException(
                    "say whose lock-out to remove: give user, address or both, e.g. ?user=admin&address=10.0.0.7");
        }
        String wantedUser = anyUser ? null : cut(user);
        String wantedAddress = anyAddress ? null : cut(address);
        Instant now = clock.instant();
        List<Tracked> removed = new ArrayList<>();
        for (Slot slot : List.copyOf(entries.keySet())) {
            if (slot.isOverflow()
                    || wantedAddress != null && !slot.address().equals(wantedAddress)
                    || wantedUser != null
                            && (slot.scope() != Scope.USER || !slot.user().equals(wantedUser))) {
                continue;
            }
            Count count = entries.remove(slot);
            if (count != null && !expired(count, now)) {
                removed.add(slot.tracked(count));
            }
        }
        return removed;
    }

    /** Number of entries held now (tracked keys and overflow buckets), for tests and diagnostics. */
    int trackedKeys() {
        return entries.size();
    }

    // ---------------------------------------------------------------- internals

    /**
     * A map key: a user name from one address, an address, or an overflow bucket ({@code bucket >= 0}) shared by new
     * keys of one scope while the map is full.
     */
    private record Slot(Scope scope, String user, String address, int bucket) {

        static Slot user(String user, String address) {
            return new Slot(Scope.USER, cut(user), cut(address), -1);
        }

        static Slot address(String address) {
            return new Slot(Scope.ADDRESS, "", cut(address), -1);
        }

        boolean isOverflow() {
            return bucket >= 0;
        }

        Slot overflow() {
            return new Slot(scope, "", "", Math.floorMod(hashCode(), OVERFLOW_BUCKETS));
        }

        String describe() {
            String kind = scope.name().toLowerCase(Locale.ROOT);
            if (isOverflow()) {
                return "#" + kind + ":" + bucket;
            }
            return scope == Scope.USER ? "user:" + user + "@" + address : "address:" + address;
        }

        Lockout lockout(Instant until) {
            return new Lockout(
                    scope,
                    describe(),
                    isOverflow() || scope == Scope.ADDRESS ? null : user,
                    isOverflow() ? null : address,
                    until);
        }

        Tracked tracked(Count count) {
            return new Tracked(scope, scope == Scope.USER ? user : null, address, count.count(), count.lockedUntil());
        }
    }

    /** A key's state; immutable, replaced as a whole. {@code count} includes attempts still being checked. */
    private record Count(
            int count, Instant windowStart, @Nullable Instant lockedUntil) {}

    private boolean expired(Count entry, Instant now) {
        Instant end = entry.lockedUntil() != null
                ? entry.lockedUntil()
                : entry.windowStart().plus(limits.window());
        return !now.isBefore(end);
    }

    /** Counts one attempt for {@code slot}; returns when to retry if it is refused, {@code null} if admitted. */
    private @Nullable Instant acquire(Slot slot, int max, Instant now) {
        Instant[] refusedUntil = {null};
        entries.compute(slot, (k, entry) -> {
            if (entry == null || expired(entry, now)) {
                return new Count(1, now, null);
            }
            if (entry.lockedUntil() != null) {
                refusedUntil[0] = entry.lockedUntil();
                return entry;
            }
            if (entry.count() >= max) {
                // the last allowed attempts are being checked; their outcome decides whether a lock follows
                refusedUntil[0] = now.plus(IN_FLIGHT_RETRY);
                return entry;
            }
            return new Count(entry.count() + 1, entry.windowStart(), null);
        });
        return refusedUntil[0];
    }

    /** Takes one counted attempt back from {@code slot}. */
    private void release(Slot slot) {
        entries.computeIfPresent(slot, (k, entry) -> {
            if (entry.lockedUntil() != null) {
                return entry;
            }
            return entry.count() <= 1 ? null : new Count(entry.count() - 1, entry.windowStart(), null);
        });
    }

    private void lockIfFull(Slot slot, int max, Instant now, List<Lockout> locked) {
        entries.computeIfPresent(slot, (k, entry) -> {
            if (entry.lockedUntil() != null || entry.count() < max || expired(entry, now)) {
                return entry;
            }
            Instant until = now.plus(limits.lockout());
            locked.add(k.lockout(until));
            return new Count(entry.count(), entry.windowStart(), until);
        });
    }

    /** The map key that holds {@code key}'s count: its own entry, or an overflow bucket while the map is full. */
    private Slot slotFor(Slot key, Instant now) {
        if (entries.containsKey(key) || entries.size() < limits.maxTrackedKeys()) {
            return key;
        }
        sweep(now);
        if (entries.size() < limits.maxTrackedKeys()) {
            return key;
        }
        return key.overflow();
    }

    /** Drops expired entries; at most one thread sweeps per interval. */
    private void sweep(Instant now) {
        long last = lastSweepMillis.get();
        long nowMillis = now.toEpochMilli();
        if (last != Long.MIN_VALUE && nowMillis - last < SWEEP_INTERVAL.toMillis()) {
            return;
        }
        if (lastSweepMillis.compareAndSet(last, nowMillis)) {
            entries.entrySet().removeIf(e -> expired(e.getValue(), now));
        }
    }

    /** A user name or address as it is kept: overlong values are cut so one key stays small. */
    private static String cut(String value) {
        return value.length() > MAX_KEY_LENGTH ? value.substring(0, MAX_KEY_LENGTH) : value;
    }
}
