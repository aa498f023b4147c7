package io.tagmirror.console.tags;

/**
 * A request to the tag table view to scroll to rows and select them, e.g. after a search.
 *
 * @param index the first row
 * @param count how many rows to select from it
 * @param serial makes two requests for the same rows differ, so the second one is seen too
 */
public record Reveal(long index, int count, long serial) {
}
