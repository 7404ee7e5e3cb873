/** Compare-and-set document stores for the server's own state (users, token hashes, audit log). */
@NullMarked
package io.dubboai.server.store;

import org.jspecify.annotations.NullMarked;
