package io.dubboai.benchmarks.router;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;

/** An address in a router's invoker list; routers only read its URL. */
record ProviderInvoker(URL url) implements Invoker<BenchService> {

    @Override
    public Class<BenchService> getInterface() {
        return BenchService.class;
    }

    @Override
    public Result invoke(Invocation invocation) throws RpcException {
        throw new UnsupportedOperationException("benchmark invokers route, they are never invoked");
    }

    @Override
    public URL getUrl() {
        return url;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void destroy() {}
}
