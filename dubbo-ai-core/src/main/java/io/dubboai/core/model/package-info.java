/** Naming rules for models, versions and aliases, shared by every module. */
@NullMarked
package io.dubboai.core.model;

import org.jspecify.annotations.NullMarked;
