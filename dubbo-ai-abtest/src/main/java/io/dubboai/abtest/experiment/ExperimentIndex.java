package io.dubboai.abtest.experiment;

import java.util.List;

/**
 * The ids of every experiment, in creation order (document {@value ExperimentService#INDEX_KEY}): the document store
 * cannot list keys.
 *
 * @param ids experiment ids
 */
public record ExperimentIndex(List<String> ids) {

    public ExperimentIndex {
        ids = List.copyOf(ids);
    }
}
