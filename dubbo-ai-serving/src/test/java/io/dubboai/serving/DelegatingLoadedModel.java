package io.dubboai.serving;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.loader.LoadedModel;

/** A loaded model that hands everything but {@link #run} to a real one: the base of the tests' instrumented models. */
public abstract class DelegatingLoadedModel implements LoadedModel {

    protected final LoadedModel delegate;

    protected DelegatingLoadedModel(LoadedModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public ModelSignature signature() {
        return delegate.signature();
    }

    @Override
    public String platform() {
        return delegate.platform();
    }

    @Override
    public String executionProvider() {
        return delegate.executionProvider();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
