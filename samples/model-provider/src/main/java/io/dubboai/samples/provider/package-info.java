/** The smallest model provider: one model version served as a Dubbo service, and the sample model it generates. */
@NullMarked
package io.dubboai.samples.provider;

import org.jspecify.annotations.NullMarked;
