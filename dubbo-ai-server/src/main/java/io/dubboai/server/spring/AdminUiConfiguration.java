package io.dubboai.server.spring;

import io.dubboai.server.ui.AdminUi;
import io.dubboai.server.ui.SinglePageAppResourceResolver;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the admin UI at {@code /ai/} from the class path (the {@code admin-ui-extension} jar in the plugin folder
 * is on it): hashed assets cached for a year as immutable, {@code index.html} revalidated on every load, and every
 * other path under {@code /ai/} answered with {@code index.html} (single-page application fallback). The pages are
 * open to everyone (see {@link ServerSecurityConfiguration}); the data they show comes from {@code /api/**}, which
 * needs a token. Without the jar, {@code /ai/} answers 404.
 */
@Configuration(proxyBeanMethods = false)
public class AdminUiConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // the more specific pattern wins, so assets never reach the fallback below
        registry.addResourceHandler(AdminUi.URL_PREFIX + AdminUi.ASSETS + "**")
                .addResourceLocations(AdminUi.CLASSPATH_LOCATION + AdminUi.ASSETS)
                .setCacheControl(AdminUi.assetCaching());
        registry.addResourceHandler(AdminUi.URL_PREFIX + "**")
                .addResourceLocations(AdminUi.CLASSPATH_LOCATION)
                .setCacheControl(AdminUi.pageCaching())
                .resourceChain(false)
                .addResolver(new SinglePageAppResourceResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        String root = AdminUi.URL_PREFIX.substring(0, AdminUi.URL_PREFIX.length() - 1);
        registry.addRedirectViewController(root, AdminUi.URL_PREFIX);
        // a resource handler resolves no empty path, so the folder itself is forwarded to its index
        registry.addViewController(AdminUi.URL_PREFIX).setViewName("forward:" + AdminUi.URL_PREFIX + AdminUi.INDEX);
    }
}
