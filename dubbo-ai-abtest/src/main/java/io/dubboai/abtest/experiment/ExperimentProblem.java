package io.dubboai.abtest.experiment;

/**
 * One thing wrong with an experiment definition.
 *
 * @param path the field, e.g. {@code variants[1].allocation}
 * @param message what is wrong and how to fix it
 */
public record ExperimentProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
