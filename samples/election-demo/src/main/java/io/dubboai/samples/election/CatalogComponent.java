package io.dubboai.samples.election;

import io.dubboai.core.component.Component;

/** A demo component every node runs, leader or not (a read-only model catalog). */
final class CatalogComponent implements Component {

    @Override
    public String name() {
        return "model-catalog";
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
}
