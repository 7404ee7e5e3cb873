/** Artifact stores (file, S3), URI policy and checksums. */
@NullMarked
package io.dubboai.registry.artifact;

import org.jspecify.annotations.NullMarked;
