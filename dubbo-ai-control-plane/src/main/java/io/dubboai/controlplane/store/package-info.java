/**
 * The one document store of the control plane: small JSON documents under string keys, each written by
 * compare-and-set, with a true create-if-absent on every backend (config center: ZooKeeper and Nacos; files;
 * Kubernetes custom resources in {@code kubernetes}). The registry, the server's security and audit state, and the
 * modules that follow keep their shared state here.
 */
@NullMarked
package io.dubboai.controlplane.store;

import org.jspecify.annotations.NullMarked;
