/** Fetching model artifacts by URI, with scheme and path checks and SHA-256 verification. */
@NullMarked
package io.dubboai.serving.artifact;

import org.jspecify.annotations.NullMarked;
