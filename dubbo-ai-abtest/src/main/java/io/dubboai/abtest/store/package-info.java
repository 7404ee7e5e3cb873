/**
 * How this module keeps its documents in the control plane's {@code DocumentStore}: JSON by Jackson, every change a
 * read-modify-write by compare-and-set ({@link io.dubboai.abtest.store.JsonDocuments}).
 */
@NullMarked
package io.dubboai.abtest.store;

import org.jspecify.annotations.NullMarked;
