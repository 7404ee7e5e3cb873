/**
 * The wire contracts every dubbo-ai module shares: provider URL parameters and invocation attachments. See
 * {@code docs/contracts.md}.
 */
@NullMarked
package io.dubboai.core.contract;

import org.jspecify.annotations.NullMarked;
