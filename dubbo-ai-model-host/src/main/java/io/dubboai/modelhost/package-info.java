/**
 * Model hosts: serving processes that hold no fixed model and load, register, drain and unload model versions as the
 * fleet documents of {@code io.dubboai.controlplane.fleet} assign them. {@link io.dubboai.modelhost.ModelHost} is the
 * host, {@link io.dubboai.modelhost.ModelHostConfig} its documented settings and
 * {@link io.dubboai.modelhost.ModelHostMain} the runnable main class.
 */
@NullMarked
package io.dubboai.modelhost;

import org.jspecify.annotations.NullMarked;
