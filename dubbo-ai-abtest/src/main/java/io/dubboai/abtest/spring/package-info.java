/** Spring Boot hosting of the experiments and the REST API under {@code /api/v1/ai/experiments}. */
@NullMarked
package io.dubboai.abtest.spring;

import org.jspecify.annotations.NullMarked;
