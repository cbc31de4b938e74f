package dev.shopfloor.readmodel.cdc;

import dev.shopfloor.readmodel.projection.Position;
import dev.shopfloor.readmodel.projection.RowChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads Debezium's Postgres change records (Kafka Connect {@link SourceRecord}s with the standard envelope
 * {@code before}, {@code after}, {@code source}, {@code op}) into the projection's {@link RowChange}s.
 */
final class ChangeRecords {

    private ChangeRecords() {}

    /** What one record of a source engine is. */
    enum Kind {
        /** A row change of a captured table, read by the snapshot or streamed. */
        CHANGE,
        /** Transaction metadata: {@code BEGIN} or {@code END} of a source transaction. */
        TRANSACTION,
        /**
         * A heartbeat, a logical decoding message (our heartbeat, or a transaction's traceparent), a tombstone after a
         * delete, or anything else.
         */
        OTHER
    }

    static Kind kind(SourceRecord record) {
        if (!(record.value() instanceof Struct value)) {
            return Kind.OTHER; // tombstone (null value after a delete) or a heartbeat with a map value
        }
        if (record.topic() != null && record.topic().endsWith(".transaction") && has(value, "status")) {
            return Kind.TRANSACTION;
        }
        if (has(value, "op") && has(value, "source")) {
            String op = value.getString("op");
            if ("c".equals(op) || "u".equals(op) || "d".equals(op) || "r".equals(op)) {
                return Kind.CHANGE;
            }
        }
        return Kind.OTHER;
    }

    /**
     * The traceparent a logical decoding message with {@code prefix} carries (its content as UTF-8), or empty when the
     * record is no such message.
     */
    static Optional<String> message(SourceRecord record, String prefix) {
        if (!(record.value() instanceof Struct value)
                || !has(value, "op")
                || !"m".equals(value.getString("op"))
                || !has(value, "message")) {
            return Optional.empty();
        }
        Struct message = value.getStruct("message");
        if (!prefix.equals(message.getString("prefix"))) {
            return Optional.empty();
        }
        return switch (message.get("content")) {
            case byte[] bytes -> Optional.of(new String(bytes, StandardCharsets.UTF_8));
            case ByteBuffer buffer ->
                Optional.of(StandardCharsets.UTF_8.decode(buffer.duplicate()).toString());
            case null, default -> Optional.empty();
        };
    }

    /** The source transaction id ({@code source.txId}) of a change or message record, or -1 when it has none. */
    static long transactionId(SourceRecord record) {
        if (record.value() instanceof Struct value && has(value, "source")) {
            Struct source = value.getStruct("source");
            if (has(source, "txId") && source.get("txId") instanceof Number id) {
                return id.longValue();
            }
        }
        return -1;
    }

    /** A tombstone: the record Debezium sends after a delete, with no value. */
    static boolean isTombstone(SourceRecord record) {
        return record.value() == null;
    }

    /** {@code BEGIN} or {@code END} of a transaction metadata record. */
    static String transactionStatus(SourceRecord record) {
        return ((Struct) record.value()).getString("status");
    }

    static RowChange rowChange(SourceRecord record) {
        Struct value = (Struct) record.value();
        Struct source = value.getStruct("source");
        RowChange.Operation operation = switch (value.getString("op")) {
            case "c" -> RowChange.Operation.INSERT;
            case "u" -> RowChange.Operation.UPDATE;
            case "d" -> RowChange.Operation.DELETE;
            default -> RowChange.Operation.READ;
        };
        return new RowChange(
                source.getString("table"), operation, row(value.getStruct("before")), row(value.getStruct("after")));
    }

    /** Whether the record was read by a snapshot rather than streamed from the WAL. */
    static boolean isSnapshot(SourceRecord record) {
        Struct source = ((Struct) record.value()).getStruct("source");
        Object snapshot = source.get("snapshot");
        return snapshot != null && !"false".equals(snapshot.toString());
    }

    /** The record's stream position, from its source offset ({@code lsn_commit}, {@code lsn}). */
    static Position position(SourceRecord record) {
        Map<String, ?> offset = record.sourceOffset();
        return new Position(number(offset.get("lsn_commit")), number(offset.get("lsn")));
    }

    /** When the change's transaction committed at the source, in microseconds since the epoch. */
    static long commitMicros(SourceRecord record) {
        Struct source = ((Struct) record.value()).getStruct("source");
        if (source.schema().field("ts_us") != null && source.get("ts_us") != null) {
            return source.getInt64("ts_us");
        }
        return source.getInt64("ts_ms") * 1000;
    }

    private static Map<String, Object> row(Struct row) {
        if (row == null) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : row.schema().fields()) {
            values.put(field.name(), row.get(field));
        }
        return values;
    }

    private static boolean has(Struct struct, String field) {
        return struct.schema().field(field) != null;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }
}
