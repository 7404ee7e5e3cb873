/** The runnable dubbo-ai control plane. */
@NullMarked
package io.dubboai.server;

import org.jspecify.annotations.NullMarked;
