package io.dubboai.abtest.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the experiments ({@code dubbo.ai.abtest.*}). */
@ConfigurationProperties("dubbo.ai.abtest")
public class ExperimentsProperties {

    /** Whether experiments (documents, engine and REST API) are set up at all. */
    private boolean enabled = true;

    /** Time between two readings of every running experiment by the engine (on the leader). */
    private Duration evaluationInterval = Duration.ofSeconds(30);

    /** Config-center group of the experiment documents, when no DocumentStore bean is defined. */
    private String group = "dubbo-ai-abtest";

    /** Largest document written to the config center, in bytes (ZooKeeper's node limit is 1 MiB, Nacos' 100 KiB). */
    private int maxDocumentBytes = 100 * 1024;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getEvaluationInterval() {
        return evaluationInterval;
    }

    public void setEvaluationInterval(Duration evaluationInterval) {
        this.evaluationInterval = evaluationInterval;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public int getMaxDocumentBytes() {
        return maxDocumentBytes;
    }

    public void setMaxDocumentBytes(int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }
}
