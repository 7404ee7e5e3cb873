package io.dubboai.monitor.metrics;

/** A typed model service for the tests: a price from an area and a city. */
public interface PricingService {

    double price(double area, String city);
}
