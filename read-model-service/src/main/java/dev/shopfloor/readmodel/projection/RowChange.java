package dev.shopfloor.readmodel.projection;

import java.util.Map;
import java.util.Objects;

/**
 * One row change read from a source database's log: the table, what happened, and the row before and after as plain
 * Java values (strings for text, {@code numeric} as its exact decimal string, {@code timestamptz} as an ISO-8601
 * string with offset, integers as {@link Number}).
 *
 * @param table the source table, without schema (e.g. {@code orders}, {@code payment_authorization})
 * @param operation what happened to the row
 * @param before the row before the change; for a delete at least its key columns; empty for an insert
 * @param after the row after the change; empty for a delete
 */
public record RowChange(String table, Operation operation, Map<String, Object> before, Map<String, Object> after) {

    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        before = before == null ? Map.of() : before;
        after = after == null ? Map.of() : after;
    }

    /** What happened to a row. {@code READ} is a row read by a snapshot: its state, like an insert. */
    public enum Operation {
        READ,
        INSERT,
        UPDATE,
        DELETE
    }

    /** The row's state after the change, or for a delete its key as it was. */
    Map<String, Object> row() {
        return operation == Operation.DELETE ? before : after;
    }
}
