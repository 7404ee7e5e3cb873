package io.dubboai.registry.spring;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL {@code LIKE} pattern of an MLflow search filter ({@code name LIKE 'churn-%'}), matched without regular
 * expressions: {@code %} matches any run of characters (also none), {@code _} exactly one character, a backslash makes
 * the next character literal ({@code \%}, {@code \_}, {@code \\}), as in the PostgreSQL and MySQL back ends of an
 * MLflow server. {@code ILIKE} compares case-insensitively. Every other character, regular-expression metacharacters
 * included, stands for itself.
 *
 * <p><b>Algorithm.</b> The pattern is cut at its unescaped {@code %} into segments of fixed length (literal characters
 * and {@code _}). Without {@code %} the text must have the segment's length and match it position by position.
 * Otherwise the first segment must match at the start of the text and the last at its end, and the segments between
 * are placed left to right, each at its leftmost match after the previous one. Leftmost placement is optimal: a
 * segment placed further right leaves less room for the ones after it and gains nothing, so no choice is ever
 * revisited (no backtracking). A match costs at most {@code (n + 1) · m} character comparisons for a text of
 * {@code n} and a pattern of {@code m} characters, against the exponential worst case of the regular expression it
 * replaces ({@code %a%a%a…%b} became {@code .*a.*a.*a….*b}, whose backtracking tries every placement of the
 * {@code a}s in a long run of {@code a}s).
 *
 * <p>Immutable and thread-safe.
 */
final class LikePattern {

    /** A {@code _} in a segment. */
    private static final int ANY = -1;

    private final String text;
    private final boolean ignoreCase;
    /** The segments between unescaped {@code %}s; one segment when there is no {@code %}. */
    private final List<int[]> segments;

    private final String literalPrefix;

    private LikePattern(String text, boolean ignoreCase, List<int[]> segments, String literalPrefix) {
        this.text = text;
        this.ignoreCase = ignoreCase;
        this.segments = segments;
        this.literalPrefix = literalPrefix;
    }

    /**
     * Parses {@code pattern}.
     *
     * @param pattern the pattern between the quotes of the filter
     * @param ignoreCase {@code true} for {@code ILIKE}
     * @throws IllegalArgumentException when the pattern ends with an unpaired escape character
     */
    static LikePattern parse(String pattern, boolean ignoreCase) {
        List<int[]> segments = new ArrayList<>();
        List<Integer> segment = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        boolean prefixOpen = !ignoreCase;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\') {
                if (i >= pattern.length()) {
                    throw new IllegalArgumentException("LIKE pattern '" + pattern + "' ends with the escape character"
                            + " '\\'; write '\\\\' for a backslash, '\\%' and '\\_' for literal '%' and '_'");
                }
                int literal = pattern.codePointAt(i);
                i += Character.charCount(literal);
                segment.add(ignoreCase ? fold(literal) : literal);
                if (prefixOpen) {
                    prefix.appendCodePoint(literal);
                }
            } else if (c == '%') {
                segments.add(toArray(segment));
                segment.clear();
                prefixOpen = false;
            } else if (c == '_') {
                segment.add(ANY);
                prefixOpen = false;
            } else {
                segment.add(ignoreCase ? fold(c) : c);
                if (prefixOpen) {
                    prefix.appendCodePoint(c);
                }
            }
        }
        segments.add(toArray(segment));
        return new LikePattern(pattern, ignoreCase, List.copyOf(segments), prefix.toString());
    }

    /**
     * The characters every match starts with: the literal characters before the first wildcard, for a search by
     * prefix in the sorted index; empty for {@code ILIKE}.
     */
    String literalPrefix() {
        return literalPrefix;
    }

    /** Whether {@code name} matches the whole pattern. */
    boolean matches(String name) {
        return match(name).matched();
    }

    /**
     * The outcome of one match and the character comparisons it took (at most {@code (n + 1) · m}).
     *
     * @param matched whether the text matches
     * @param comparisons character comparisons made
     */
    record Match(boolean matched, long comparisons) {}

    /** Matches {@code name} and counts the work. */
    Match match(String name) {
        int[] chars = name.codePoints().map(c -> ignoreCase ? fold(c) : c).toArray();
        long[] comparisons = {0};
        int[] first = segments.get(0);
        if (segments.size() == 1) {
            boolean matched = chars.length == first.length && matchesAt(first, chars, 0, comparisons);
            return new Match(matched, comparisons[0]);
        }
        int[] last = segments.get(segments.size() - 1);
        int end = chars.length - last.length;
        if (end < first.length
                || !matchesAt(first, chars, 0, comparisons)
                || !matchesAt(last, chars, end, comparisons)) {
            return new Match(false, comparisons[0]);
        }
        int position = first.length;
        for (int s = 1; s < segments.size() - 1; s++) {
            int[] segment = segments.get(s);
            int found = -1;
            for (int at = position; at + segment.length <= end; at++) {
                if (matchesAt(segment, chars, at, comparisons)) {
                    found = at;
                    break;
                }
            }
            if (found < 0) {
                return new Match(false, comparisons[0]);
            }
            position = found + segment.length;
        }
        return new Match(true, comparisons[0]);
    }

    private static boolean matchesAt(int[] segment, int[] chars, int at, long[] comparisons) {
        for (int i = 0; i < segment.length; i++) {
            comparisons[0]++;
            if (segment[i] != ANY && segment[i] != chars[at + i]) {
                return false;
            }
        }
        return true;
    }

    /** Simple case folding, so that ILIKE treats upper- and lower-case forms alike. */
    private static int fold(int c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private static int[] toArray(List<Integer> segment) {
        return segment.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return (ignoreCase ? "ILIKE '" : "LIKE '") + text + "'";
    }
}
