/** Leader election backends behind {@link io.dubboai.controlplane.election.LeaderElection}. */
@NullMarked
package io.dubboai.controlplane.election;

import org.jspecify.annotations.NullMarked;
