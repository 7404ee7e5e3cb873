/** An in-process ZooKeeper server for the embedded deploy mode and for tests. */
@NullMarked
package io.dubboai.controlplane.zookeeper;

import org.jspecify.annotations.NullMarked;
