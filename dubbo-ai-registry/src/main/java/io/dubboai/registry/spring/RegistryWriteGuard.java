package io.dubboai.registry.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses writes through the registry's REST and MLflow APIs while nobody has said who may make them: the application
 * defines no {@link io.dubboai.registry.ModelAccessPolicy} bean and has not set
 * {@value #ALLOW_ANONYMOUS_WRITES}{@code =true}. Reads ({@code GET}, {@code HEAD}, {@code OPTIONS} and handlers marked
 * {@link ReadOnlyEndpoint}) stay open. A refused write is answered 403 by the controllers' error handlers: problem
 * details ({@code forbidden}) for the REST API, {@code PERMISSION_DENIED} for MLflow clients, with a message that says
 * what to configure. Nothing reaches the registry.
 */
public final class RegistryWriteGuard implements HandlerInterceptor, WebMvcConfigurer {

    /** The property that lets anyone write. */
    public static final String ALLOW_ANONYMOUS_WRITES = "dubbo.ai.registry.security.allow-anonymous-writes";

    static final String REFUSAL = "The model registry refuses writes: this application does not say who may change"
            + " models. Put authentication (e.g. Spring Security) in front of /api/v1/ai/models and /api/2.0/mlflow and"
            + " define a ModelAccessPolicy bean, or set " + ALLOW_ANONYMOUS_WRITES + "=true to let anyone who can"
            + " reach this application write (local development only). See docs/registry.md, section Security.";

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final boolean refusesWrites;

    /** @param refusesWrites whether writes are refused */
    RegistryWriteGuard(boolean refusesWrites) {
        this.refusesWrites = refusesWrites;
    }

    /** Whether writes through the registry's HTTP APIs are refused. */
    public boolean refusesWrites() {
        return refusesWrites;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (refusesWrites) {
            registry.addInterceptor(this);
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (refusesWrites && isRegistryWrite(request, handler)) {
            throw new WritesNotConfiguredException();
        }
        return true;
    }

    private static boolean isRegistryWrite(HttpServletRequest request, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return false;
        }
        Class<?> type = method.getBeanType();
        boolean registry =
                ModelsController.class.isAssignableFrom(type) || MlflowController.class.isAssignableFrom(type);
        return registry
                && !READ_METHODS.contains(request.getMethod())
                && !method.hasMethodAnnotation(ReadOnlyEndpoint.class);
    }

    /** A write refused because no write access is configured (a {@link SecurityException}, answered 403). */
    static final class WritesNotConfiguredException extends SecurityException {

        private static final long serialVersionUID = 1L;

        WritesNotConfiguredException() {
            super(REFUSAL);
        }
    }
}
