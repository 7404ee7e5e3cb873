package io.dubboai.registry;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A search over registered models; every given criterion must hold.
 *
 * @param namePrefix names starting with this (empty: any)
 * @param tags every tag must be present with this value
 * @param alias the model has this alias (null: any)
 * @param status the model has at least one version in this status (null: any)
 * @param pageSize items per page, 1..{@link Page#MAX_PAGE_SIZE}
 * @param pageToken from the previous page, or null
 */
public record ModelQuery(
        String namePrefix,
        Map<String, String> tags,
        @Nullable String alias,
        @Nullable VersionStatus status,
        int pageSize,
        @Nullable String pageToken) {

    public ModelQuery {
        tags = Map.copyOf(tags);
        Page.pageSize(pageSize);
    }

    /** Every model, first page of the default size. */
    public static ModelQuery all() {
        return new ModelQuery("", Map.of(), null, null, Page.DEFAULT_PAGE_SIZE, null);
    }
}
