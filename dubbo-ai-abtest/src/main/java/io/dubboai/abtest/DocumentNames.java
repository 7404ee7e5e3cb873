package io.dubboai.abtest;

import java.util.Optional;
import java.util.regex.Pattern;

/** The names of this module's documents (experiments, bandits): safe as a document key on every store. */
public final class DocumentNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private DocumentNames() {}

    /** What is wrong with {@code name} as the name of a {@code what} (e.g. "experiment"), or empty if nothing. */
    public static Optional<String> check(String what, String name) {
        if (NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(what + " name '" + name + "' must match " + NAME.pattern()
                + " (lower-case letters, digits and '-', at most 63), e.g. 'risk-v2-vs-v1'");
    }

    /** {@code name}, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static String require(String what, String name) {
        check(what, name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return name;
    }
}
