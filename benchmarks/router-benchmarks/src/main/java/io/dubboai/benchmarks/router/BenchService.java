package io.dubboai.benchmarks.router;

/** The service type the benchmark invokers pretend to serve. */
public interface BenchService {

    /** Never called: the benchmarks only route. */
    String predict(String text);
}
