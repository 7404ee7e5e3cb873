package io.dubboai.testmodule;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plays a module or plugin controller outside the server's packages, with no error handler of its own, that fails
 * unexpectedly. It lies outside {@code io.dubboai.server}, so no component scan picks it up; a test registers it.
 */
@RestController
public class FailingModuleController {

    /** The message the failure carries: it must reach the log, never the client. */
    public static final String DETAIL = "module internals: cannot reach nacos://nacos:m0dule-s3cret@10.0.0.9:8848";

    @GetMapping("/api/v1/test/module-failure")
    String fail() {
        throw new IllegalStateException(DETAIL);
    }
}
