/** Leader election backends behind {@link io.dubboai.core.election.LeaderElection}. */
@NullMarked
package io.dubboai.core.election;

import org.jspecify.annotations.NullMarked;
