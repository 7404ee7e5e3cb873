/** The audit log of every state change made through the API. */
@NullMarked
package io.dubboai.server.audit;

import org.jspecify.annotations.NullMarked;
