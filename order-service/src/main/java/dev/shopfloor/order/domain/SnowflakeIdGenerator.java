package dev.shopfloor.order.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Makes unique, time-ordered 64-bit ids without coordination: each instance owns a worker id, and ids from one
 * worker strictly increase.
 *
 * <p>Layout (most significant first): 1 sign bit (always 0), 41 bits of milliseconds since {@link #EPOCH}, 10 bits
 * of worker id (0..1023), 12 bits of sequence within the millisecond (0..4095). 41 bits of milliseconds last until
 * about 2094.
 *
 * <p>Failure modes: more than 4096 ids in one millisecond make the caller wait for the next millisecond. If the
 * clock steps back by up to {@link #MAX_BACKWARD_WAIT_MILLIS} ms, the caller waits until it has caught up; if it
 * steps back further, {@link #nextId()} throws {@link ClockMovedBackwards} rather than risk a duplicate id. Thread
 * safe.
 *
 * <p>Source: Twitter's Snowflake (2010).
 */
public final class SnowflakeIdGenerator {

    /** The instant that timestamp 0 stands for: 2025-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    /** The largest worker id (10 bits). */
    public static final int MAX_WORKER_ID = (1 << 10) - 1;

    /** The largest sequence number within one millisecond (12 bits). */
    public static final int MAX_SEQUENCE = (1 << 12) - 1;

    /** How far back the clock may step before {@link #nextId()} fails instead of waiting. */
    public static final long MAX_BACKWARD_WAIT_MILLIS = 10;

    private static final int SEQUENCE_BITS = 12;
    private static final int WORKER_BITS = 10;
    private static final long MAX_TIMESTAMP = (1L << 41) - 1;

    private final long workerId;
    private final Clock clock;
    private long lastTimestamp = -1;
    private long sequence;

    /**
     * @param workerId 0..1023, unique among the processes that make ids for the same kind of thing at once
     * @param clock the source of the current time
     * @throws IllegalArgumentException when {@code workerId} is out of range
     */
    public SnowflakeIdGenerator(int workerId, Clock clock) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be within 0.." + MAX_WORKER_ID + ", was " + workerId);
        }
        this.workerId = workerId;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The next id, greater than every id this generator made before.
     *
     * @throws ClockMovedBackwards when the clock stepped back more than {@link #MAX_BACKWARD_WAIT_MILLIS} ms
     * @throws IllegalStateException when the clock is before {@link #EPOCH} or past the 41-bit range
     */
    public synchronized long nextId() {
        long now = currentTimestamp();
        if (now < lastTimestamp) {
            long behind = lastTimestamp - now;
            if (behind > MAX_BACKWARD_WAIT_MILLIS) {
                throw new ClockMovedBackwards(behind);
            }
            now = waitUntilAfter(lastTimestamp - 1);
        }
        if (now == lastTimestamp) {
            sequence = (sequence + 1) & MAX_SEQUENCE;
            if (sequence == 0) {
                now = waitUntilAfter(lastTimestamp);
            }
        } else {
            sequence = 0;
        }
        lastTimestamp = now;
        return (now << (WORKER_BITS + SEQUENCE_BITS)) | (workerId << SEQUENCE_BITS) | sequence;
    }

    /** The next id as an {@link OrderId}. */
    public OrderId nextOrderId() {
        return new OrderId(nextId());
    }

    /** The instant an id was made, to the millisecond. */
    public static Instant timestampOf(long id) {
        return EPOCH.plusMillis(id >>> (WORKER_BITS + SEQUENCE_BITS));
    }

    /** The worker id part of an id. */
    public static int workerIdOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & MAX_WORKER_ID);
    }

    /** The sequence part of an id. */
    public static int sequenceOf(long id) {
        return (int) (id & MAX_SEQUENCE);
    }

    private long waitUntilAfter(long timestamp) {
        long now = currentTimestamp();
        while (now <= timestamp) {
            Thread.onSpinWait();
            now = currentTimestamp();
        }
        return now;
    }

    private long currentTimestamp() {
        long millis = clock.millis() - EPOCH.toEpochMilli();
        if (millis < 0 || millis > MAX_TIMESTAMP) {
            throw new IllegalStateException("clock is outside the id range: " + clock.instant());
        }
        return millis;
    }

    /** The clock stepped back further than the generator is willing to wait; no id was made. */
    public static final class ClockMovedBackwards extends RuntimeException {

        private final long millis;

        public ClockMovedBackwards(long millis) {
            super("clock moved backwards by " + millis + " ms; refusing to make ids until it catches up");
            this.millis = millis;
        }

        /** How far the clock stepped back, in milliseconds. */
        public long millis() {
            return millis;
        }
    }
}
