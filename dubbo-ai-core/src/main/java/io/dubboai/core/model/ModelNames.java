package io.dubboai.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one definition of what a model name, a version and an alias may look like. Names end up in config-center
 * keys, ZooKeeper paths, Kubernetes labels and URLs, so they are kept to a safe alphabet.
 */
public final class ModelNames {

    /** Longest model name accepted. */
    public static final int MAX_MODEL_NAME_LENGTH = 128;

    /** Longest version or alias accepted. */
    public static final int MAX_VERSION_LENGTH = 64;

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]*");

    private ModelNames() {}

    /** Why {@code name} is not a valid model name, or empty when it is. */
    public static Optional<String> checkModelName(String name) {
        return check(
                name,
                MODEL_NAME,
                MAX_MODEL_NAME_LENGTH,
                "model name",
                "letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    /** Why {@code version} is not a valid version, or empty when it is. */
    public static Optional<String> checkVersion(String version) {
        return check(
                version,
                VERSION,
                MAX_VERSION_LENGTH,
                "version",
                "letters, digits, '.', '_' and '-', starting with a letter or digit, e.g. '3'");
    }

    /** Why {@code alias} is not a valid alias, or empty when it is. */
    public static Optional<String> checkAlias(String alias) {
        return check(
                alias,
                ALIAS,
                MAX_VERSION_LENGTH,
                "alias",
                "lower-case letters, digits, '_' and '-', starting with a letter, e.g. 'champion'");
    }

    /** Returns {@code name} or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static String requireModelName(String name) {
        checkModelName(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return name;
    }

    /** Returns {@code version} or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static String requireVersion(String version) {
        checkVersion(version).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return version;
    }

    /** Returns {@code alias} or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static String requireAlias(String alias) {
        checkAlias(alias).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return alias;
    }

    private static Optional<String> check(String value, Pattern pattern, int maxLength, String what, String allowed) {
        if (value.isEmpty()) {
            return Optional.of(what + " is empty; use " + allowed);
        }
        if (value.length() > maxLength) {
            return Optional.of(what + " '" + abbreviate(value) + "' is " + value.length() + " characters long; at most "
                    + maxLength + " are allowed");
        }
        if (!pattern.matcher(value).matches()) {
            return Optional.of(
                    what + " '" + abbreviate(value) + "' has characters that are not allowed; use " + allowed);
        }
        return Optional.empty();
    }

    /** Shortens a user-supplied value for an error message. */
    public static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
