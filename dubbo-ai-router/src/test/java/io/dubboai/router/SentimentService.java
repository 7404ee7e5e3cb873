package io.dubboai.router;

/** A user-typed model service, as a team would write it around its model. */
public interface SentimentService {

    /** Scores {@code text}; the test implementation answers {@code <version>@<provider id>}. */
    String predict(String text);
}
