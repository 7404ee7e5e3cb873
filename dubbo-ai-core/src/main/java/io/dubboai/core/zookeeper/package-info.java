/** An in-process ZooKeeper server for the embedded deploy mode and for tests. */
@NullMarked
package io.dubboai.core.zookeeper;

import org.jspecify.annotations.NullMarked;
