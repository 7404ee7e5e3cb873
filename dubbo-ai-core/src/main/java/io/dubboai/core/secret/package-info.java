/** Keeping credentials out of logs, exception messages and API answers; JDK only. */
@NullMarked
package io.dubboai.core.secret;

import org.jspecify.annotations.NullMarked;
