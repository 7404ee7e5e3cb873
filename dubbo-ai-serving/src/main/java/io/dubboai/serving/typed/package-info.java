/** User-typed Dubbo services (a Java interface of the user's own) mapped onto a served model by an adapter. */
@NullMarked
package io.dubboai.serving.typed;

import org.jspecify.annotations.NullMarked;
