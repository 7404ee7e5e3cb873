package io.dubboai.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param items the items of this page, in listing order
 * @param nextPageToken pass it to get the next page; null on the last page
 * @param totalSize how many items match the query over all pages
 */
public record Page<T>(List<T> items, @Nullable String nextPageToken, int totalSize) {

    /** Largest page size accepted. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** Page size when none is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    public Page {
        items = List.copyOf(items);
    }

    /** Checks a requested page size (null → default). */
    public static int pageSize(@Nullable Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (requested < 1 || requested > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "page size " + requested + " is out of range; ask for 1.." + MAX_PAGE_SIZE + " items per page");
        }
        return requested;
    }

    /** The opaque token for a cursor (the sort key of the last item returned). */
    public static String token(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in a token, or null for the first page. */
    public static @Nullable String cursor(@Nullable String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "page token '" + token
                            + "' is not valid; pass the nextPageToken of the previous page unchanged, or none for the first page");
        }
    }
}
