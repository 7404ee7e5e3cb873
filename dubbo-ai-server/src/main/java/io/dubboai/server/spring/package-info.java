/** Spring wiring of the server: its beans, security rules and OpenAPI description. */
@NullMarked
package io.dubboai.server.spring;

import org.jspecify.annotations.NullMarked;
