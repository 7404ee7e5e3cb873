/** The document store on Kubernetes custom resources, through fabric8 (ticket: the resource's resourceVersion). */
@NullMarked
package io.dubboai.controlplane.store.kubernetes;

import org.jspecify.annotations.NullMarked;
