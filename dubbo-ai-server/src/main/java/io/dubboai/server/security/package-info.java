/** API security: users, bearer tokens, roles, model ownership. */
@NullMarked
package io.dubboai.server.security;

import org.jspecify.annotations.NullMarked;
