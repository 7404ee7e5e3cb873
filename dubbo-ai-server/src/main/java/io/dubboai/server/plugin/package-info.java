/** Loading drop-in jars from the plugin folder at start. */
@NullMarked
package io.dubboai.server.plugin;

import org.jspecify.annotations.NullMarked;
