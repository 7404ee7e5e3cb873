package io.dubboai.abtest.decision;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of an experiment over time (document {@code experiment.<id>.history}), appended by the experiment
 * component at every reading, by compare-and-set. At most {@value #MAX_POINTS} points are kept: when full, every
 * second point of the older half is dropped, so the whole run stays covered at a coarser step (a few hundred bytes a
 * point keeps the document far below a config center's 100 KiB).
 */
public final class ResultHistory {

    /** Points kept per experiment. */
    public static final int MAX_POINTS = 120;

    /**
     * The stored history.
     *
     * @param points oldest first
     */
    public record Points(List<ResultPoint> points) {
        public Points {
            points = List.copyOf(points);
        }
    }

    private final JsonDocuments<Points> documents;

    public ResultHistory(DocumentStore store) {
        this.documents = new JsonDocuments<>(store, Points.class);
    }

    static String key(String experiment) {
        return "experiment." + experiment + ".history";
    }

    /** Appends a reading. */
    public void append(String experiment, ResultPoint point) {
        documents.create(key(experiment), new Points(List.of()));
        documents.update(key(experiment), current -> new Points(thinned(current.points(), point)));
    }

    /** The readings of {@code experiment}, oldest first. */
    public List<ResultPoint> read(String experiment) {
        return documents.read(key(experiment)).map(Points::points).orElse(List.of());
    }

    static List<ResultPoint> thinned(List<ResultPoint> points, ResultPoint next) {
        List<ResultPoint> kept = new ArrayList<>(points);
        kept.add(next);
        if (kept.size() <= MAX_POINTS) {
            return kept;
        }
        int half = kept.size() / 2;
        List<ResultPoint> thinned = new ArrayList<>();
        for (int i = 0; i < half; i += 2) {
            thinned.add(kept.get(i));
        }
        thinned.addAll(kept.subList(half, kept.size()));
        return thinned;
    }
}
