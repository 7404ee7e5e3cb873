package io.dubboai.controlplane.election;

import io.dubboai.controlplane.component.Component;

/** A component that writes its starts and stops into an {@link EventLog} as {@code "<node> start|stop <name>"}. */
public final class RecordingComponent implements Component {

    private final String node;
    private final String name;
    private final boolean needsLeadership;
    private final int order;
    private final EventLog log;

    public RecordingComponent(String node, String name, boolean needsLeadership, int order, EventLog log) {
        this.node = node;
        this.name = name;
        this.needsLeadership = needsLeadership;
        this.order = order;
        this.log = log;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean needsLeadership() {
        return needsLeadership;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public void start() {
        log.add(node + " start " + name);
    }

    @Override
    public void stop() {
        log.add(node + " stop " + name);
    }
}
