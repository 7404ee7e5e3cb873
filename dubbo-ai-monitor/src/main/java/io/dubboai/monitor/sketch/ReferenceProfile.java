package io.dubboai.monitor.sketch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a model version's inputs looked like when it was judged good: per feature its kind, its sketch (numeric) or
 * category counts (categorical), and its count. Computed from a sample the user supplies ({@link #fromCsv}) or from a
 * window of traffic ({@link #of(SketchSet)}). Storing it with the version in the registry is planned (phase 2).
 *
 * @param features one profile per feature, in order; names unique
 */
public record ReferenceProfile(List<FeatureProfile> features) {

    /** Validates that feature names are unique. */
    public ReferenceProfile {
        features = List.copyOf(features);
        Set<String> seen = new LinkedHashSet<>();
        for (FeatureProfile feature : features) {
            if (!seen.add(feature.feature())) {
                throw new IllegalArgumentException("feature '" + feature.feature() + "' appears twice in the profile");
            }
        }
    }

    /** The profile of a window's (or a merge of windows') sketches. */
    public static ReferenceProfile of(SketchSet sketches) {
        List<FeatureProfile> features = new ArrayList<>();
        sketches.features().forEach((name, sketch) -> features.add(FeatureProfile.of(name, sketch)));
        return new ReferenceProfile(features);
    }

    /** The profile of one feature. */
    public Optional<FeatureProfile> feature(String name) {
        return features.stream().filter(f -> f.feature().equals(name)).findFirst();
    }

    /** The feature names, in order. */
    public List<String> featureNames() {
        return features.stream().map(FeatureProfile::feature).toList();
    }

    /**
     * Computes a profile from CSV rows: a header line of feature names, then one line per row, comma-separated, no
     * quoting. An empty cell is a missing value (skipped). Features named in {@link SketchConfig#categorical()} are
     * categories (the cell's text, trimmed); every other cell must be a number.
     *
     * @throws IllegalArgumentException naming the line, the column and the value when a cell is not a number, a line
     *     has another number of cells than the header, or the header is missing, empty or repeats a name
     */
    public static ReferenceProfile fromCsv(Reader csv, SketchConfig config) {
        try (BufferedReader in = new BufferedReader(csv)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException(
                        "reference sample is empty: the first line must name the features, e.g. 'amount,country'");
            }
            String[] names = header.split(",", -1);
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                names[i] = names[i].trim();
                if (names[i].isEmpty()) {
                    throw new IllegalArgumentException(
                            "reference sample header, column " + (i + 1) + ": empty feature name; name every column");
                }
                if (seen.put(names[i], i) != null) {
                    throw new IllegalArgumentException(
                            "reference sample header names feature '" + names[i] + "' twice; names must be unique");
                }
            }
            // one window that never rotates: the sample is one reference, whatever the clock says
            WindowedSketches sketches =
                    new WindowedSketches(config.withWindows(java.time.Duration.ofDays(365_000), 1), Clock.systemUTC());
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != names.length) {
                    throw new IllegalArgumentException("reference sample line " + lineNumber + " has " + cells.length
                            + " cells, the header names " + names.length + " features");
                }
                for (int i = 0; i < cells.length; i++) {
                    String cell = cells[i].trim();
                    if (cell.isEmpty()) {
                        continue;
                    }
                    if (config.kindOf(names[i]) == FeatureKind.CATEGORICAL) {
                        sketches.category(names[i], cell);
                    } else {
                        sketches.value(names[i], number(cell, lineNumber, names[i]));
                    }
                }
            }
            return of(sketches.currentWindow());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference sample: " + e.getMessage(), e);
        }
    }

    private static double number(String cell, int line, String feature) {
        try {
            double value = Double.parseDouble(cell);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reference sample line " + line + ", feature '" + feature + "': '" + cell
                    + "' is not a finite number; mark the feature categorical or fix the value");
        }
    }
}
