package io.dubboai.monitor.control.drift;

import io.dubboai.monitor.sketch.ReferenceProfile;
import java.time.Instant;

/**
 * The reference profile of one model version as stored: what its inputs looked like when it was judged good.
 *
 * @param model the model
 * @param version the version
 * @param createdAt when it was stored
 * @param source {@code upload} (a CSV sample) or {@code capture} (the providers' sketches at that moment)
 * @param profile the profile
 */
public record StoredReference(
        String model, String version, Instant createdAt, String source, ReferenceProfile profile) {}
