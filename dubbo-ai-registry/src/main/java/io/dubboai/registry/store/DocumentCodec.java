package io.dubboai.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.RegisteredModel;
import java.io.UncheckedIOException;
import java.util.List;

/** JSON form of the registry documents. Unknown fields are ignored, so newer writers do not break older readers. */
final class DocumentCodec {

    /** The catalog shard document: the names of the models it holds. */
    record Catalog(List<String> models, long revision) {
        Catalog {
            models = List.copyOf(models);
        }
    }

    /**
     * A model document: the model and whether it is being deleted. The state is a field of the stored JSON
     * ({@value #DELETING_FIELD}), not of {@link RegisteredModel}: it belongs to the document's life, not to the model
     * callers see, and a model being deleted is never handed out.
     */
    record ModelDocument(RegisteredModel model, boolean deleting) {}

    /** The JSON field that marks a model document as a deletion tombstone. */
    static final String DELETING_FIELD = "deleting";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    String encode(Object document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "could not encode " + document.getClass().getSimpleName(), e);
        }
    }

    RegisteredModel model(String json) {
        return decode(json, RegisteredModel.class);
    }

    /** The model document of {@code model}, marked as being deleted when {@code deleting}. */
    String encodeModel(RegisteredModel model, boolean deleting) {
        if (!deleting) {
            return encode(model);
        }
        ObjectNode tree = mapper.valueToTree(model);
        tree.put(DELETING_FIELD, true);
        return encode(tree);
    }

    ModelDocument modelDocument(String json) {
        RegisteredModel model = model(json);
        try {
            return new ModelDocument(
                    model, mapper.readTree(json).path(DELETING_FIELD).asBoolean(false));
        } catch (JsonProcessingException e) {
            throw new CorruptDocumentException("RegisteredModel document is not valid: " + e.getOriginalMessage(), e);
        }
    }

    ModelVersion version(String json) {
        return decode(json, ModelVersion.class);
    }

    Catalog catalog(String json) {
        return decode(json, Catalog.class);
    }

    private <T> T decode(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new CorruptDocumentException(
                    type.getSimpleName() + " document is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** A stored document that cannot be read back; logged and skipped by the index. */
    static final class CorruptDocumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptDocumentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
