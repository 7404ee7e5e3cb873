/** Server settings, the deploy modes and startup failure reports. */
@NullMarked
package io.dubboai.server.config;

import org.jspecify.annotations.NullMarked;
