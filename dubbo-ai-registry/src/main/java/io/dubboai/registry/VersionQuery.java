package io.dubboai.registry;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A search over model versions; every given criterion must hold. Results are ordered by model name, then
 * version number.
 *
 * @param model only versions of this model (null: any)
 * @param namePrefix only models whose name starts with this
 * @param status only versions in this status
 * @param tags every tag must be present with this value
 * @param sourceRun only versions with this lineage source run (MLflow {@code run_id})
 * @param pageSize items per page
 * @param pageToken from the previous page, or null
 */
public record VersionQuery(
        @Nullable String model,
        String namePrefix,
        @Nullable VersionStatus status,
        Map<String, String> tags,
        @Nullable String sourceRun,
        int pageSize,
        @Nullable String pageToken) {

    public VersionQuery {
        tags = Map.copyOf(tags);
        Page.pageSize(pageSize);
    }
}
