/** The metadata store on Kubernetes custom resources, through fabric8. */
@NullMarked
package io.dubboai.registry.store.kubernetes;

import org.jspecify.annotations.NullMarked;
