package dev.shopfloor.readmodel.projection;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test-data builders of row changes as Debezium delivers them (numeric as strings, timestamptz as ISO strings). */
final class RowChanges {

    private RowChanges() {}

    static Map<String, Object> orderRow(long id, String status, String reason, String total, String updatedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("customer_id", "alice");
        row.put("status", status);
        row.put("rejection_reason", reason);
        row.put("total_amount", total);
        row.put("currency", "EUR");
        row.put("created_at", "2025-03-01T10:00:00.5Z");
        row.put("updated_at", updatedAt);
        row.put("version", 0L);
        return row;
    }

    static Map<String, Object> itemRow(long orderId, int lineNo, String sku, int quantity, String price) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", orderId);
        row.put("line_no", lineNo);
        row.put("sku", sku);
        row.put("quantity", quantity);
        row.put("unit_price", price);
        row.put("currency", "EUR");
        return row;
    }

    static Map<String, Object> paymentRow(long orderId, String status, String declineReason) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", orderId);
        row.put("customer_id", "alice");
        row.put("amount", "40.00");
        row.put("currency", "EUR");
        row.put("status", status);
        row.put("decline_reason", declineReason);
        row.put("updated_at", "2025-03-01T10:00:01+01:00");
        return row;
    }

    static Map<String, Object> reservationRow(long orderId, String sku, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", orderId);
        row.put("sku", sku);
        row.put("quantity", 2);
        row.put("status", status);
        row.put("updated_at", "2025-03-01T10:00:02Z");
        return row;
    }

    static RowChange insert(String table, Map<String, Object> row) {
        return new RowChange(table, RowChange.Operation.INSERT, null, row);
    }

    static RowChange read(String table, Map<String, Object> row) {
        return new RowChange(table, RowChange.Operation.READ, null, row);
    }

    static RowChange update(String table, Map<String, Object> before, Map<String, Object> after) {
        return new RowChange(table, RowChange.Operation.UPDATE, before, after);
    }

    /** A delete as Debezium sends it with the default replica identity: the key columns only. */
    static RowChange delete(String table, Map<String, Object> key) {
        return new RowChange(table, RowChange.Operation.DELETE, key, null);
    }
}
