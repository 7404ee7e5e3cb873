/** Clients for artifact stores shared by the registry (which writes artifacts) and serving (which fetches them). */
@NullMarked
package io.dubboai.artifact;

import org.jspecify.annotations.NullMarked;
