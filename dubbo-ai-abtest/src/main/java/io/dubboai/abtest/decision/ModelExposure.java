package io.dubboai.abtest.decision;

import java.time.Instant;

/**
 * A call seen by a consumer: what the consumer-side filter ships. The control plane maps it to the experiment running
 * on the model, if any.
 *
 * @param model the model called
 * @param unitAttachment the attachment whose value is the unit (the route rule's sticky key the call carried)
 * @param unit its value
 * @param version the version that served the call (response attachment {@code dubbo-ai-served-version})
 * @param at when
 */
public record ModelExposure(String model, String unitAttachment, String unit, String version, Instant at) {}
