/** The provider process: export, readiness, registration, provider metadata and graceful shutdown. */
@NullMarked
package io.dubboai.serving.provider;

import org.jspecify.annotations.NullMarked;
