package dev.shopfloor.inventory.catalog;

import java.util.List;

/**
 * One page of a list sorted by a stable key.
 *
 * @param content the elements of this page, at most {@code size}
 * @param page the zero-based page number
 * @param size the page size asked for
 * @param totalElements how many elements all pages hold together
 */
public record Page<T>(List<T> content, int page, int size, long totalElements) {

    public Page {
        content = List.copyOf(content);
    }

    /** How many pages of {@code size} hold all elements; {@code 0} when there are none. */
    public long totalPages() {
        return (totalElements + size - 1) / size;
    }
}
