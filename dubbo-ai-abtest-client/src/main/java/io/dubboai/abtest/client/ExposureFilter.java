package io.dubboai.abtest.client;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.registry.client.InstanceAddressURL;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.jspecify.annotations.Nullable;

/**
 * Consumer filter recording exposures: for every successful call to a model provider whose response names the
 * version that served it ({@link ModelAttachments#SERVED_VERSION}), and for every unit attachment the application's
 * {@link ExperimentClient} watches that the call carried, hands (model, attachment, unit, version) to that client,
 * which ships them in batches. Without an installed client ({@link ExperimentClient#install}) it does nothing. The
 * per-call work is a map lookup and a non-blocking offer.
 */
@Activate(group = CommonConstants.CONSUMER)
public final class ExposureFilter implements Filter, Filter.Listener {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}. */
    public static final String NAME = "dubbo-ai-exposure";

    private final ApplicationModel application;

    /** Created by Dubbo's extension loader with the consumer's module. */
    public ExposureFilter(ModuleModel module) {
        this.application = module.getApplicationModel();
    }

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        return invoker.invoke(invocation);
    }

    @Override
    public void onResponse(Result appResponse, Invoker<?> invoker, Invocation invocation) {
        if (appResponse.hasException()) {
            return;
        }
        ExperimentClient client = application.getBeanFactory().getBean(ExperimentClient.class);
        if (client == null) {
            return;
        }
        String version = appResponse.getAttachment(ModelAttachments.SERVED_VERSION);
        if (version == null || version.isBlank()) {
            return;
        }
        String model = providerParameter(invoker.getUrl(), ModelProviderParams.MODEL);
        if (model == null) {
            return;
        }
        for (String attachment : client.unitAttachments()) {
            String unit = invocation.getAttachment(attachment);
            if (unit != null && !unit.isBlank()) {
                client.exposed(model, attachment, unit, version);
            }
        }
    }

    @Override
    public void onError(Throwable t, Invoker<?> invoker, Invocation invocation) {
        // a failed call exposed the unit to nothing it can be judged on
    }

    /** The provider's own value of {@code key} (a consumer parameter of the same name would shadow it). */
    private static @Nullable String providerParameter(URL url, String key) {
        String value = url instanceof InstanceAddressURL
                ? url.getOriginalServiceParameter(url.getProtocolServiceKey(), key)
                : url.getOriginalParameter(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
