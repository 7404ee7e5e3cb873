package io.dubboai.router.internal;

import io.dubboai.core.rule.TrafficSplit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The weighted version split of a route rule, prepared for per-call use: a weighted random pick and a sticky pick,
 * both O(number of versions) and independent of the number of providers.
 *
 * <p><b>Weighted random.</b> Weights are whole percents summing to {@value TrafficSplit#TOTAL_WEIGHT}, so a table of
 * 100 slots maps a uniform draw in [0, 100) to a version index: one random number and one array read per call.
 *
 * <p><b>Sticky: weighted rendezvous hashing.</b> Each version {@code i} with weight {@code w_i > 0} draws a score
 * for the key, {@code s_i = w_i / -ln(u_i)}, where {@code u_i in (0, 1)} is a 64-bit hash of the key mixed with a
 * seed derived from the version's <em>name</em>; the key goes to the highest score. {@code -ln(u_i)/w_i} is an
 * exponential variable of rate {@code w_i}, and the smallest of independent exponentials is variable {@code i}
 * with probability {@code w_i / sum(w)}, so keys spread exactly as the weights say (Schindelhauer and Schomaker,
 * "Weighted distributed hash tables", SPAA 2005; Resch, "New hashing algorithms for data storage", 2015).
 *
 * <p>Why this and not contiguous bucket ranges ({@code [0,90) → v1, [90,100) → v2}): both are stateless (every
 * consumer computes the same answer from the rule alone), but with rendezvous hashing a key's standing against a
 * version depends only on the two versions' weights, never on list order:
 *
 * <ul>
 *   <li>a key moves from version {@code a} to {@code b} only if {@code w_b / w_a} grew; a version whose weight
 *       falls gains no keys, one whose weight rises loses none to the others whose weights fell;
 *   <li>with two versions (the canary case) exactly the keys that must move do: 90/10 → 50/50 moves the 40% of keys
 *       whose score favours v2 under the new weights and leaves every v2 key where it is;
 *   <li>removing a version or setting its weight to 0 moves only that version's keys; adding a version only takes
 *       keys from the others; reordering the list moves nothing. Contiguous ranges shift every range after a
 *       changed entry.
 * </ul>
 *
 * When three or more weights change at once no stateless scheme can be minimal for every pair of splits; this one
 * never moves a key between two versions whose relative weight is unchanged. Cost: one string hash plus one mix
 * and one logarithm per version with a positive weight.
 */
public final class WeightedSplit {

    private static final int SLOTS = TrafficSplit.TOTAL_WEIGHT;

    private final String[] versions;
    private final int[] weights;
    private final long[] seeds;
    private final byte[] slots;

    private WeightedSplit(List<TrafficSplit> traffic) {
        int n = traffic.size();
        versions = new String[n];
        weights = new int[n];
        seeds = new long[n];
        slots = new byte[SLOTS];
        int slot = 0;
        for (int i = 0; i < n; i++) {
            TrafficSplit split = traffic.get(i);
            versions[i] = split.version();
            weights[i] = split.weight();
            seeds[i] = mix(hash(split.version()) ^ 0x9E3779B97F4A7C15L);
            for (int k = 0; k < split.weight() && slot < SLOTS; k++) {
                slots[slot++] = (byte) i;
            }
        }
        if (slot != SLOTS) {
            throw new IllegalArgumentException("weights sum to " + slot + ", expected " + SLOTS
                    + "; only splits of a valid route rule can be used");
        }
    }

    /**
     * The split of a rule's traffic list; weights must sum to {@value TrafficSplit#TOTAL_WEIGHT} (every valid rule
     * with a non-empty split does) and there are at most {@link io.dubboai.core.rule.ModelRouteRule#MAX_ENTRIES}
     * versions.
     */
    public static WeightedSplit of(List<TrafficSplit> traffic) {
        if (traffic.isEmpty() || traffic.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a split needs 1.." + Byte.MAX_VALUE + " versions, got " + traffic.size());
        }
        return new WeightedSplit(traffic);
    }

    /** A version drawn at random with the split's weights. Thread-safe. */
    public String random() {
        return versions[slots[ThreadLocalRandom.current().nextInt(SLOTS)]];
    }

    /** The version {@code key} sticks to while the split is unchanged; the same on every consumer. */
    public String sticky(String key) {
        long keyHash = hash(key);
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < versions.length; i++) {
            if (weights[i] == 0) {
                continue;
            }
            long bits = mix(keyHash ^ seeds[i]);
            // 53 random bits, shifted by half a step so that u is never 0 or 1
            double u = ((bits >>> 11) + 0.5) * 0x1.0p-53;
            double score = weights[i] / -Math.log(u);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return versions[best];
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, finished with a mixer; stable across JVMs and releases. */
    static long hash(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014): spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
