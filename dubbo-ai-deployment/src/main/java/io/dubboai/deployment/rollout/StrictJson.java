package io.dubboai.deployment.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads request bodies and resource specs so that a field nobody reads is an error, not silently dropped (a typo such
 * as {@code stepIntervall} would otherwise leave the default in force): unknown fields, wrong types and unreadable
 * JSON are refused naming the field's path and, for an unknown one, the fields allowed there.
 */
public final class StrictJson {

    private StrictJson() {}

    /**
     * {@code body} as a {@code type}.
     *
     * @throws Unreadable naming the field and what is wrong
     */
    public static <T> T read(ObjectMapper json, String body, Class<T> type) {
        try {
            return json.readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
        } catch (JsonProcessingException e) {
            throw Unreadable.of(e);
        }
    }

    /**
     * {@code tree} (a resource's spec as a map) as a {@code type}.
     *
     * @throws Unreadable naming the field and what is wrong
     */
    public static <T> T convert(ObjectMapper json, Map<String, Object> tree, Class<T> type) {
        try {
            return json.readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue((com.fasterxml.jackson.databind.JsonNode) json.valueToTree(tree));
        } catch (java.io.IOException e) {
            throw Unreadable.of(e);
        }
    }

    /** A body or spec that could not be read; {@link #path()} is the field, empty when the JSON itself is broken. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String path;

        private Unreadable(String path, String message) {
            super(message);
            this.path = path;
        }

        /** The field's path, e.g. {@code strategy.stepIntervall}; empty when the JSON itself is broken. */
        public String path() {
            return path;
        }

        static Unreadable of(Exception e) {
            if (e instanceof UnrecognizedPropertyException unknown) {
                String path = path(unknown.getPath());
                String known = unknown.getKnownPropertyIds() == null
                        ? ""
                        : "; the fields there are "
                                + new TreeSet<>(unknown.getKnownPropertyIds().stream()
                                                .map(String::valueOf)
                                                .toList())
                                        .stream().collect(Collectors.joining(", "));
                return new Unreadable(path, "unknown field '" + path + "'" + known + "; remove it or fix its spelling");
            }
            if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                String path = path(mapping.getPath());
                return new Unreadable(
                        path,
                        "at '" + path + "': " + mapping.getOriginalMessage().split("\n")[0]);
            }
            String message = e instanceof JsonProcessingException json
                    ? json.getOriginalMessage().split("\n")[0]
                            + (json.getLocation() == null
                                    ? ""
                                    : " (line " + json.getLocation().getLineNr() + ", column "
                                            + json.getLocation().getColumnNr() + ")")
                    : String.valueOf(e.getMessage());
            return new Unreadable("", "not JSON: " + message);
        }

        private static String path(List<JsonMappingException.Reference> references) {
            StringBuilder text = new StringBuilder();
            for (JsonMappingException.Reference reference : references) {
                if (reference.getFieldName() != null) {
                    if (!text.isEmpty()) {
                        text.append('.');
                    }
                    text.append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    text.append('[').append(reference.getIndex()).append(']');
                }
            }
            return text.toString();
        }
    }
}
