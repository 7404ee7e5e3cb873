package io.dubboai.core.contract;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.InstanceAddressURL;
import org.jspecify.annotations.Nullable;

/** Reads a provider's own {@link ModelProviderParams} from the URL a consumer holds for it. */
public final class ModelProviderUrls {

    private ModelProviderUrls() {}

    /**
     * The provider's own value of {@code key}, trimmed; {@code null} when absent or blank. A consumer parameter of the
     * same name shadows the provider's value in {@code URL.getParameter}; in instance-level discovery only
     * {@code getOriginalServiceParameter} returns what the provider registered, in interface-level discovery
     * {@code getOriginalParameter} does. On the provider side the service URL is the provider's own and this returns
     * its parameter as well.
     */
    public static @Nullable String providerParameter(URL url, String key) {
        String value;
        if (url instanceof InstanceAddressURL) {
            value = url.getOriginalServiceParameter(url.getProtocolServiceKey(), key);
        } else {
            value = url.getOriginalParameter(key);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
