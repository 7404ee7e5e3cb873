package io.dubboai.samples.consumer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which version served the calls of one interval, per routing mode and per what each call asked for, printed as one
 * line:
 *
 * <pre>
 * SERVED alias champion:1=28 challenger:2=7 | pinned 1:1=4 2:2=3 | sticky alice:2=4 bob:1=3 | weighted 1=4 2=3 | errors=0
 * </pre>
 *
 * An entry reads {@code asked:served=calls}: {@code champion:1=28} is 28 calls that named alias {@code champion} and
 * were answered by version 1. Weighted calls ask for nothing, so their entries are {@code served=calls}. Modes without
 * calls in the interval are left out; {@code errors} is always there. Not thread-safe: the calling thread owns it.
 */
public final class ServedReport {

    /** First word of every report line. */
    public static final String PREFIX = "SERVED";

    /**
     * How a call asks the router for a version, in the order of a report line (the router's precedence is pinned,
     * alias, sticky, weighted).
     */
    public enum Mode {
        /** The call names an alias ({@code ModelRouting.alias}); the route rule says which version it points at. */
        ALIAS,
        /** The call pins a version ({@code ModelRouting.pinVersion}); the router sends it there. */
        PINNED,
        /** The call carries a sticky key ({@code ModelRouting.stickyKey}); the rule's split hashes it to one version. */
        STICKY,
        /** The call carries no routing attachment; the rule's weighted split picks a version at random. */
        WEIGHTED;

        /** The word that starts this mode's section of a report line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Mode, Map<String, Integer>> calls = new EnumMap<>(Mode.class);
    private int errors;

    /**
     * Counts one call that {@code version} served. {@code asked} is the alias, pinned version or sticky key the call
     * carried; empty for {@link Mode#WEIGHTED}.
     */
    public void served(Mode mode, String asked, String version) {
        String entry = asked.isEmpty() ? version : asked + ":" + version;
        calls.computeIfAbsent(mode, m -> new TreeMap<>()).merge(entry, 1, Integer::sum);
    }

    /** Counts one failed call. */
    public void failed() {
        errors++;
    }

    /** The report line of the interval so far; the next interval starts empty. */
    public String drain() {
        StringBuilder line = new StringBuilder(PREFIX);
        for (Mode mode : Mode.values()) {
            Map<String, Integer> entries = calls.get(mode);
            if (entries == null) {
                continue;
            }
            line.append(' ').append(mode.label());
            entries.forEach(
                    (entry, count) -> line.append(' ').append(entry).append('=').append(count));
            line.append(" |");
        }
        line.append(" errors=").append(errors);
        calls.clear();
        errors = 0;
        return line.toString();
    }
}
