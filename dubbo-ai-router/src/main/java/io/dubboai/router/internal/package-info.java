/**
 * Implementation of the router: provider indexes, the immutable routing table built on every address or rule
 * change, and the weighted split with its sticky hashing. Not an API; may change without notice.
 */
@NullMarked
package io.dubboai.router.internal;

import org.jspecify.annotations.NullMarked;
