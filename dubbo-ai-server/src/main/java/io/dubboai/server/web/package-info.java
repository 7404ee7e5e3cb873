/** The server's own REST endpoints: login, users, tokens, audit log, status. */
@NullMarked
package io.dubboai.server.web;

import org.jspecify.annotations.NullMarked;
