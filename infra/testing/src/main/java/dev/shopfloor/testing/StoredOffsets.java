package dev.shopfloor.testing;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Debezium offsets that {@code JdbcOffsetBackingStore} keeps in a {@code relay_offset} row (JSON bytes). */
public final class StoredOffsets {

    private static final Pattern LSN = Pattern.compile("\"lsn[a-z_]*\":(\\d+)");

    private StoredOffsets() {}

    /**
     * The newest WAL position a stored Postgres connector offset names: the largest of its {@code lsn},
     * {@code lsn_proc} and {@code lsn_commit}, in bytes.
     *
     * @param offset an {@code offset_value}, e.g. {@code {"lsn_proc":23911000,"lsn":23911000,...}}
     * @throws IllegalArgumentException when it names no LSN
     */
    public static long newestLsn(byte[] offset) {
        String text = new String(offset, StandardCharsets.UTF_8);
        Matcher lsn = LSN.matcher(text);
        long newest = -1;
        while (lsn.find()) {
            newest = Math.max(newest, Long.parseLong(lsn.group(1)));
        }
        if (newest < 0) {
            throw new IllegalArgumentException("no LSN in the stored offset " + text);
        }
        return newest;
    }
}
