/** Load run comparing ways of serving the same model; not part of the test run. */
@NullMarked
package io.dubboai.serving.benchmarks;

import org.jspecify.annotations.NullMarked;
