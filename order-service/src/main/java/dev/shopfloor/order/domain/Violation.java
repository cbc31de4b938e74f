package dev.shopfloor.order.domain;

/**
 * One thing wrong with a request, as the client sees it in a problem's {@code violations} member.
 *
 * @param field where, as a JSON path into the request, e.g. {@code items[1].quantity}
 * @param message what is wrong, in plain words
 */
public record Violation(String field, String message) {}
