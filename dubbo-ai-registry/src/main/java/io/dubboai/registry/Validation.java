package io.dubboai.registry;

import io.dubboai.core.model.ModelNames;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks shared by the registry's records; every message names the field, the value and what is allowed. */
public final class Validation {

    /** Most tags on a model or a version. */
    public static final int MAX_TAGS = 64;

    /** Longest tag key. */
    public static final int MAX_TAG_KEY_LENGTH = 250;

    /** Longest tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;

    /** Longest description. */
    public static final int MAX_DESCRIPTION_LENGTH = 5000;

    /** Most metrics or parameters on a version. */
    public static final int MAX_METRICS = 256;

    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:/ -]+");

    private Validation() {}

    /** Returns {@code value} if not blank and at most {@code max} characters long. */
    public static String requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty; give a value of at most " + max + " characters");
        }
        return requireLength(value, field, max);
    }

    /** Returns {@code value} if at most {@code max} characters long. */
    public static String requireLength(String value, String field, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    field + " is " + value.length() + " characters long; at most " + max + " are allowed");
        }
        return value;
    }

    /** Checks a tag map: count, key alphabet and lengths. Returns an unmodifiable sorted copy. */
    public static Map<String, String> requireTags(Map<String, String> tags, String field) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(
                    field + " has " + tags.size() + " entries; at most " + MAX_TAGS + " are allowed");
        }
        tags.forEach((key, value) -> requireTag(key, value, field));
        return Map.copyOf(new java.util.TreeMap<>(tags));
    }

    /** Checks one tag. */
    public static void requireTag(String key, String value, String field) {
        if (key == null
                || key.isEmpty()
                || key.length() > MAX_TAG_KEY_LENGTH
                || !TAG_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(field + " key '" + ModelNames.abbreviate(String.valueOf(key))
                    + "' is not valid; use 1.." + MAX_TAG_KEY_LENGTH
                    + " letters, digits, '_', '-', '.', ':', '/' or spaces");
        }
        if (value == null) {
            throw new IllegalArgumentException(field + " '" + key + "' has no value; give a value (may be empty)");
        }
        requireLength(value, field + " '" + key + "'", MAX_TAG_VALUE_LENGTH);
    }

    /** Checks a model name through {@link ModelNames}. */
    public static String requireModelName(String name) {
        return ModelNames.requireModelName(name == null ? "" : name);
    }

    /** Checks a version number: 1 or more. */
    public static long requireVersion(long version) {
        if (version < 1) {
            throw new IllegalArgumentException(
                    "version " + version + " is not valid; versions are numbered from 1 upwards");
        }
        return version;
    }

    /** Parses a version given as text, e.g. in a URL path. */
    public static long parseVersion(String text) {
        ModelNames.checkVersion(text == null ? "" : text).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        try {
            return requireVersion(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version '" + ModelNames.abbreviate(text)
                    + "' is not a number; registry versions are whole numbers from 1 upwards, e.g. '3'");
        }
    }
}
