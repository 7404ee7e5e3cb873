/** The election demo: the README's main job until the quickstart replaces it. */
@NullMarked
package io.dubboai.samples.election;

import org.jspecify.annotations.NullMarked;
