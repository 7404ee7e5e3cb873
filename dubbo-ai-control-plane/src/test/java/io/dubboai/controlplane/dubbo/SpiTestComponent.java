package io.dubboai.controlplane.dubbo;

import io.dubboai.controlplane.component.Component;

/** A leader component registered through Dubbo's SPI in the test resources. */
public class SpiTestComponent implements Component {

    @Override
    public String name() {
        return "spi-test";
    }

    @Override
    public boolean needsLeadership() {
        return true;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
}
