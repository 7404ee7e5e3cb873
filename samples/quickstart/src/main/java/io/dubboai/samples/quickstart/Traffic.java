package io.dubboai.samples.quickstart;

import io.dubboai.samples.consumer.ServedReport;
import io.dubboai.samples.consumer.ServedReport.Mode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One report line of the sample consumer ({@link ServedReport}): per routing mode, what the calls asked for and which
 * version served them in the last interval, e.g.
 * {@code SERVED alias champion:1=28 challenger:2=7 | pinned 1:1=4 2:2=3 | sticky alice:2=4 | weighted 1=4 | errors=0}.
 *
 * @param calls calls per mode, asked-for alias, version or key (empty for weighted calls) and serving version
 * @param errors failed calls
 */
record Traffic(Map<Served, Integer> calls, int errors) {

    /** Calls of one mode that asked for {@code asked} and that {@code version} answered. */
    record Served(Mode mode, String asked, String version) {

        /** {@code asked:version}, or {@code version} for weighted calls. */
        String entry() {
            return asked.isEmpty() ? version : asked + ":" + version;
        }

        @Override
        public String toString() {
            return mode.label() + " " + entry();
        }
    }

    // "asked:version=calls" or "version=calls"; versions never contain ':', so the last one separates them
    private static final Pattern ENTRY = Pattern.compile("(?:(\\S+):)?([^\\s:=]+)=(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("errors=(\\d+)");

    Traffic {
        calls = Collections.unmodifiableMap(new LinkedHashMap<>(calls));
    }

    /** Reads a report line; empty for other lines. */
    static Optional<Traffic> parse(String line) {
        int start = line.indexOf(ServedReport.PREFIX + " ");
        if (start < 0) {
            return Optional.empty();
        }
        Map<Served, Integer> calls = new LinkedHashMap<>();
        int errors = 0;
        for (String section :
                line.substring(start + ServedReport.PREFIX.length()).split("\\|")) {
            String[] words = section.strip().split("\\s+");
            Matcher errorCount = ERRORS.matcher(words[0]);
            if (errorCount.matches()) {
                errors = Integer.parseInt(errorCount.group(1));
                continue;
            }
            Optional<Mode> mode = mode(words[0]);
            for (int i = 1; i < words.length && mode.isPresent(); i++) {
                Matcher entry = ENTRY.matcher(words[i]);
                if (entry.matches()) {
                    String asked = entry.group(1) == null ? "" : entry.group(1);
                    calls.merge(
                            new Served(mode.get(), asked, entry.group(2)),
                            Integer.parseInt(entry.group(3)),
                            Integer::sum);
                }
            }
        }
        return Optional.of(new Traffic(calls, errors));
    }

    private static Optional<Mode> mode(String label) {
        try {
            return Optional.of(Mode.valueOf(label.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Calls that named {@code alias} and that {@code version} served. */
    int served(String alias, String version) {
        return served(Mode.ALIAS, alias, version);
    }

    /** Calls of {@code mode} that asked for {@code asked} and that {@code version} served. */
    int served(Mode mode, String asked, String version) {
        return calls.getOrDefault(new Served(mode, asked, version), 0);
    }

    /** Calls that named {@code alias}, whichever version served them. */
    int total(String alias) {
        return total(Mode.ALIAS, alias);
    }

    /** Calls of {@code mode} that asked for {@code asked}, whichever version served them. */
    int total(Mode mode, String asked) {
        return calls.entrySet().stream()
                .filter(e -> e.getKey().mode() == mode && e.getKey().asked().equals(asked))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    /** The versions that served calls of {@code mode} asking for {@code asked}. */
    Set<String> versions(Mode mode, String asked) {
        return calls.keySet().stream()
                .filter(served -> served.mode() == mode && served.asked().equals(asked))
                .map(Served::version)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The report's own layout: {@code alias champion:1=28 challenger:2=7 | weighted 1=4 | errors=0}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Mode mode : Mode.values()) {
            String entries = calls.entrySet().stream()
                    .filter(e -> e.getKey().mode() == mode)
                    .map(e -> e.getKey().entry() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            if (!entries.isEmpty()) {
                text.append(mode.label()).append(' ').append(entries).append(" | ");
            }
        }
        return text.append("errors=").append(errors).toString();
    }
}
