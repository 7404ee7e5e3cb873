/** Spring Boot hosting and the REST API under {@code /api/v1/ai/monitoring}. */
@NullMarked
package io.dubboai.monitor.control.spring;

import org.jspecify.annotations.NullMarked;
