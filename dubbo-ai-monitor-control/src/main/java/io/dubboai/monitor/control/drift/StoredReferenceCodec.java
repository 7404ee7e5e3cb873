package io.dubboai.monitor.control.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The byte form of a {@link StoredReference} kept outside the monitoring documents (the registry's artifact store):
 * the same JSON as the documents, KLL sketches as base64. No size limit besides the store's.
 */
public final class StoredReferenceCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StoredReferenceCodec() {}

    /** The JSON bytes of {@code reference}. */
    public static byte[] encode(StoredReference reference) {
        try {
            return MAPPER.writeValueAsBytes(reference);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not encode the reference profile of model '" + reference.model() + "' version '"
                            + reference.version() + "': " + e.getMessage(),
                    e);
        }
    }

    /**
     * Reads a reference written by {@link #encode}.
     *
     * @throws IllegalStateException naming {@code where} when the bytes are not a reference profile
     */
    public static StoredReference decode(byte[] json, String where) {
        try {
            StoredReference reference = MAPPER.readValue(json, StoredReference.class);
            if (reference == null || reference.profile() == null) {
                throw new IOException("no profile in it");
            }
            return reference;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the reference profile at " + where + " is not readable (" + e.getMessage()
                            + "); upload or capture it again",
                    e);
        }
    }
}
