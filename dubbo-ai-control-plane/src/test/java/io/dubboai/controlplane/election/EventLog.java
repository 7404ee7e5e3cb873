package io.dubboai.controlplane.election;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An append-only log shared by the components of several nodes: the order of events across nodes. */
public final class EventLog {

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    /** Appends {@code event}, e.g. {@code "a start leader-job"}. */
    public void add(String event) {
        events.add(event);
    }

    /** The events so far, in order. */
    public List<String> events() {
        return new ArrayList<>(events);
    }

    /** Position of the {@code occurrence}-th (1-based) appearance of {@code event}, or -1. */
    public int indexOf(String event, int occurrence) {
        List<String> all = events();
        int seen = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).equals(event) && ++seen == occurrence) {
                return i;
            }
        }
        return -1;
    }

    /** How often {@code event} appears. */
    public long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    /**
     * Replays the log and returns the largest number of nodes that ran {@code component} at the same time: the
     * single-leader invariant demands at most 1.
     */
    public int maxConcurrentlyRunning(String component) {
        int running = 0;
        int max = 0;
        for (String event : events()) {
            if (event.endsWith(" start " + component)) {
                max = Math.max(max, ++running);
            } else if (event.endsWith(" stop " + component)) {
                running--;
            }
        }
        return max;
    }
}
