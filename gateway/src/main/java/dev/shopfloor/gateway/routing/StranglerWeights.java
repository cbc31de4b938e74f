package dev.shopfloor.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run-time split of order reads between order-service (legacy) and read-model-service (new), and the sticky
 * choice of side per caller.
 *
 * <p>Each caller key (a token's subject, else the client's address) hashes (SHA-256) to a fixed bucket 0-9999; a
 * caller is served by read-model-service when its bucket is below {@code readModelPercent × 100}. So a caller stays
 * on one side for a given weight, and raising the weight only moves callers from legacy to new, never back.
 *
 * <p>Thread-safe; the weight is changed by {@link SharedStranglerSplit} (from {@link StranglerEndpoint}, and from what
 * the other gateway instances set).
 */
public final class StranglerWeights {

    /** The two sides of the migration, named as in {@code X-Served-By}. */
    public enum Side {
        LEGACY("order-service"),
        NEW("read-model-service");

        private final String backend;

        Side(String backend) {
            this.backend = backend;
        }

        public String backend() {
            return backend;
        }
    }

    private final AtomicInteger readModelPercent;

    /** @param readModelPercent share of callers served by read-model-service, 0-100 */
    public StranglerWeights(int readModelPercent) {
        this.readModelPercent = new AtomicInteger(check(readModelPercent));
    }

    public int readModelPercent() {
        return readModelPercent.get();
    }

    /**
     * Changes the split at once, for the next request.
     *
     * @throws IllegalArgumentException when the share is not 0-100
     */
    public void readModelPercent(int percent) {
        readModelPercent.set(check(percent));
    }

    /** The side that serves this caller at the current weight. */
    public Side sideFor(String callerKey) {
        return bucket(callerKey) < readModelPercent.get() * 100 ? Side.NEW : Side.LEGACY;
    }

    /** The caller's fixed bucket, 0-9999. */
    static int bucket(String callerKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(callerKey.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (hash[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, 10_000);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * @return {@code percent}
     * @throws IllegalArgumentException when it is not 0-100
     */
    static int check(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("readModelPercent must be 0-100, was " + percent);
        }
        return percent;
    }
}
