package io.dubboai.core.rule;

/**
 * One thing wrong with a route rule.
 *
 * @param path where in the rule, e.g. {@code traffic[1].weight}; empty for the whole document
 * @param line 1-based line in the YAML text, 0 when unknown (a rule built in code)
 * @param column 1-based column in the YAML text, 0 when unknown
 * @param message what is wrong and how to fix it
 */
public record RuleProblem(String path, int line, int column, String message) {

    /** A problem with no position in a text. */
    public static RuleProblem at(String path, String message) {
        return new RuleProblem(path, 0, 0, message);
    }

    /** This problem placed at a position in the text. */
    RuleProblem withPosition(int line, int column) {
        return new RuleProblem(path, line, column, message);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(path.isEmpty() ? "rule" : path);
        if (line > 0) {
            text.append(" (line ")
                    .append(line)
                    .append(", column ")
                    .append(column)
                    .append(')');
        }
        return text.append(": ").append(message).toString();
    }
}
