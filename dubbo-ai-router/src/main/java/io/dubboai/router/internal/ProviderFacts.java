package io.dubboai.router.internal;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.core.model.ModelNames;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.InstanceAddressURL;
import org.jspecify.annotations.Nullable;

/**
 * What one provider says about the model it serves, read from its own URL parameters.
 *
 * @param model registered model name; {@code null} when the provider is not a model provider
 * @param version model version; {@code null} when the provider did not say
 * @param accelerator accelerator kind; {@code null} when absent or not understood (treated as CPU by the rule)
 * @param gpuType GPU product name; {@code null} when absent
 * @param gpuMemoryMiB memory of one GPU in MiB; 0 when absent or not a number
 */
public record ProviderFacts(
        @Nullable String model,
        @Nullable String version,
        @Nullable Accelerator accelerator,
        @Nullable String gpuType,
        long gpuMemoryMiB) {

    /** Facts of a provider that carries no model parameters. */
    public static final ProviderFacts NOT_A_MODEL = new ProviderFacts(null, null, null, null, 0);

    /**
     * Reads the facts from a provider URL; never throws on odd values. A model name that {@link ModelNames} rejects
     * marks no model provider: it could have no route rule key.
     */
    public static ProviderFacts of(URL url) {
        String model = providerParameter(url, ModelProviderParams.MODEL);
        if (model == null || ModelNames.checkModelName(model).isPresent()) {
            // a name that cannot be a rule key cannot be routed by a rule; such a provider is left alone
            return NOT_A_MODEL;
        }
        String acceleratorText = providerParameter(url, ModelProviderParams.ACCELERATOR);
        Accelerator accelerator = acceleratorText == null
                ? null
                : Accelerator.fromWireName(acceleratorText).orElse(null);
        return new ProviderFacts(
                model,
                providerParameter(url, ModelProviderParams.MODEL_VERSION),
                accelerator,
                providerParameter(url, ModelProviderParams.GPU_TYPE),
                parseMemory(providerParameter(url, ModelProviderParams.GPU_MEMORY_MIB)));
    }

    /**
     * The provider's own value of {@code key}. A consumer parameter of the same name shadows the provider's value in
     * {@code URL.getParameter}; in instance-level discovery only {@code getOriginalServiceParameter} returns what the
     * provider registered, in interface-level discovery {@code getOriginalParameter} does.
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

    private static long parseMemory(@Nullable String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
