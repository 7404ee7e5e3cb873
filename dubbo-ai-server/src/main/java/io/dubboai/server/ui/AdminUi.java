package io.dubboai.server.ui;

import java.time.Duration;
import org.springframework.http.CacheControl;

/**
 * Where the admin UI lives: the {@code admin-ui-extension} jar (dropped into the plugin folder, or on the class path)
 * holds the built single-page application under {@value #CLASSPATH_LOCATION}; the server serves it at
 * {@value #URL_PREFIX}.
 *
 * <p>Vite names every built script and style sheet after a hash of its content and puts it under
 * {@code assets/}: those files never change under a name, so browsers may keep them for a year without asking again.
 * {@code index.html}, which names the current hashes, must be revalidated on every load, so that a new build is
 * picked up at once.
 */
public final class AdminUi {

    /** The URL path the UI is served at; {@code /ai} redirects here. */
    public static final String URL_PREFIX = "/ai/";

    /** The class-path folder of the built UI, inside the {@code admin-ui-extension} jar. */
    public static final String CLASSPATH_LOCATION = "classpath:/META-INF/dubbo-ai-ui/";

    /** The folder of content-hashed files, relative to {@link #CLASSPATH_LOCATION} and {@link #URL_PREFIX}. */
    public static final String ASSETS = "assets/";

    /** The page every unknown path under {@link #URL_PREFIX} answers with, so the browser's router can take over. */
    public static final String INDEX = "index.html";

    private AdminUi() {}

    /** Caching of content-hashed assets: a year, shared caches allowed, never revalidated. */
    public static CacheControl assetCaching() {
        return CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    }

    /** Caching of {@code index.html} and the other unhashed files: stored, but revalidated before every use. */
    public static CacheControl pageCaching() {
        return CacheControl.noCache();
    }
}
