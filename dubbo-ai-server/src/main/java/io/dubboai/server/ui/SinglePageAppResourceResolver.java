package io.dubboai.server.ui;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Resolves a file of the UI, or {@code index.html} when no file has that path: the UI's own router owns every other
 * path under {@code /ai/} ({@code /ai/models/churn} is a page, not a file), so a bookmarked or reloaded page loads the
 * application, which then shows the page or its "not found" view. No UI on the class path: nothing resolves (404).
 *
 * <p>Not used for {@code /ai/assets/}: a missing hashed asset is a 404, never a page in place of a script.
 */
public final class SinglePageAppResourceResolver extends PathResourceResolver {

    @Override
    protected @Nullable Resource getResource(String resourcePath, Resource location) throws IOException {
        Resource file = super.getResource(resourcePath, location);
        if (file != null) {
            return file;
        }
        Resource index = location.createRelative(AdminUi.INDEX);
        return index.isReadable() ? index : null;
    }
}
