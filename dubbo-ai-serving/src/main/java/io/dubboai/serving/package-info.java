/**
 * dubbo-ai-serving: runs a model artifact as a Dubbo service. Start with {@link io.dubboai.serving.provider.ModelServer};
 * errors are {@link io.dubboai.serving.ServingException}s with an {@link io.dubboai.serving.ErrorKind}.
 */
@NullMarked
package io.dubboai.serving;

import org.jspecify.annotations.NullMarked;
