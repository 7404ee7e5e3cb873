/** Spring Boot wiring of the deployment module: auto-configuration, the route-rule REST controller and its errors. */
@NullMarked
package io.dubboai.deployment.spring;

import org.jspecify.annotations.NullMarked;
