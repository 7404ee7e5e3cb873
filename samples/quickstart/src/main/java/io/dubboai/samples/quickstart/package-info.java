/** The one-command quickstart: the admin server, two providers and a consumer as separate JVMs on loopback. */
@NullMarked
package io.dubboai.samples.quickstart;

import org.jspecify.annotations.NullMarked;
