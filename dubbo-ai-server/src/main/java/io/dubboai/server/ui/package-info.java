/** Serving the admin console's "AI" tab (the {@code admin-ui-extension} drop-in jar) at {@code /ai/}. */
@NullMarked
package io.dubboai.server.ui;

import org.jspecify.annotations.NullMarked;
