package io.dubboai.samples.quickstart;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One report line of the sample consumer: calls per alias and serving version in the last interval, e.g.
 * {@code SERVED champion:1=41 challenger:2=10 errors=0}.
 *
 * @param calls "alias:version" → calls
 * @param errors failed calls
 */
record Traffic(Map<String, Integer> calls, int errors) {

    private static final Pattern ENTRY = Pattern.compile("(\\S+:\\S+)=(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("errors=(\\d+)");

    /** Reads a report line; empty for other lines. */
    static java.util.Optional<Traffic> parse(String line) {
        int start = line.indexOf("SERVED");
        if (start < 0) {
            return java.util.Optional.empty();
        }
        String report = line.substring(start);
        Map<String, Integer> calls = new TreeMap<>();
        Matcher entry = ENTRY.matcher(report);
        while (entry.find()) {
            calls.put(entry.group(1), Integer.parseInt(entry.group(2)));
        }
        Matcher errors = ERRORS.matcher(report);
        return java.util.Optional.of(new Traffic(calls, errors.find() ? Integer.parseInt(errors.group(1)) : 0));
    }

    /** Calls made with {@code alias} and served by {@code version}. */
    int served(String alias, String version) {
        return calls.getOrDefault(alias + ":" + version, 0);
    }

    /** Calls made with {@code alias}, whichever version served them. */
    int total(String alias) {
        return calls.entrySet().stream()
                .filter(e -> e.getKey().startsWith(alias + ":"))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }
}
