package dev.shopfloor.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SnowflakeIdGeneratorTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void laysOutTimestampWorkerAndSequence() {
        FakeClock clock = new FakeClock(T);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(513, clock);

        long first = ids.nextId();
        long second = ids.nextId();

        assertThat(SnowflakeIdGenerator.timestampOf(first)).isEqualTo(T);
        assertThat(SnowflakeIdGenerator.workerIdOf(first)).isEqualTo(513);
        assertThat(SnowflakeIdGenerator.sequenceOf(first)).isZero();
        assertThat(SnowflakeIdGenerator.sequenceOf(second)).isEqualTo(1);
        long millisSinceEpoch = T.toEpochMilli() - SnowflakeIdGenerator.EPOCH.toEpochMilli();
        assertThat(first).isEqualTo((millisSinceEpoch << 22) | (513L << 12));
    }

    @Test
    void countsTimeFromTheStartOf2025() {
        FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00.001Z"));

        long id = new SnowflakeIdGenerator(0, clock).nextId();

        assertThat(id).isEqualTo(1L << 22);
    }

    @Test
    void makesPositiveIdsUntilTheEndOfThe41BitRange() {
        Instant last = SnowflakeIdGenerator.EPOCH.plusMillis((1L << 41) - 1);
        FakeClock clock = new FakeClock(last);

        long id = new SnowflakeIdGenerator(SnowflakeIdGenerator.MAX_WORKER_ID, clock).nextId();

        assertThat(id).isPositive();
        assertThat(SnowflakeIdGenerator.timestampOf(id)).isEqualTo(last);
        clock.advanceMillis(1);
        assertThatThrownBy(() -> new SnowflakeIdGenerator(0, clock).nextId()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesClockBeforeTheEpoch() {
        FakeClock clock = new FakeClock(Instant.parse("2024-12-31T23:59:59Z"));

        assertThatThrownBy(() -> new SnowflakeIdGenerator(0, clock).nextId()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptsWorkerIdsFrom0To1023() {
        Clock clock = new FakeClock(T);

        assertThat(SnowflakeIdGenerator.workerIdOf(new SnowflakeIdGenerator(0, clock).nextId()))
                .isZero();
        assertThat(SnowflakeIdGenerator.workerIdOf(new SnowflakeIdGenerator(1023, clock).nextId()))
                .isEqualTo(1023);
    }

    @Test
    void refusesWorkerIdsOutOfRange() {
        Clock clock = new FakeClock(T);

        assertThatThrownBy(() -> new SnowflakeIdGenerator(-1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnowflakeIdGenerator(1024, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void makesStrictlyIncreasingIdsAsTimePasses() {
        FakeClock clock = new FakeClock(T);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(7, clock);
        List<Long> made = new ArrayList<>();

        for (int step = 0; step < 50; step++) {
            for (int i = 0; i < 1 + step % 5; i++) {
                made.add(ids.nextId());
            }
            clock.advanceMillis(step % 3);
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void usesAll4096SequenceNumbersWithinOneMillisecond() {
        FakeClock clock = new FakeClock(T);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(1, clock);

        long last = 0;
        for (int i = 0; i <= SnowflakeIdGenerator.MAX_SEQUENCE; i++) {
            last = ids.nextId();
        }

        assertThat(SnowflakeIdGenerator.sequenceOf(last)).isEqualTo(4095);
        assertThat(SnowflakeIdGenerator.timestampOf(last)).isEqualTo(T);
    }

    @Test
    void waitsForTheNextMillisecondWhenTheSequenceOverflows() throws Exception {
        FakeClock clock = new FakeClock(T);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(1, clock);
        long lastOfT = 0;
        for (int i = 0; i <= SnowflakeIdGenerator.MAX_SEQUENCE; i++) {
            lastOfT = ids.nextId();
        }

        CompletableFuture<Long> next = CompletableFuture.supplyAsync(ids::nextId);
        Thread.sleep(100);
        assertThat(next).isNotDone();
        clock.advanceMillis(1);
        long id = next.get(5, TimeUnit.SECONDS);

        assertThat(SnowflakeIdGenerator.timestampOf(id)).isEqualTo(T.plusMillis(1));
        assertThat(SnowflakeIdGenerator.sequenceOf(id)).isZero();
        assertThat(id).isGreaterThan(lastOfT);
    }

    @Test
    void waitsWhenTheClockStepsBackALittle() throws Exception {
        FakeClock clock = new FakeClock(T);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(1, clock);
        long before = ids.nextId();
        clock.set(T.minusMillis(3));

        CompletableFuture<Long> next = CompletableFuture.supplyAsync(ids::nextId);
        Thread.sleep(100);
        assertThat(next).isNotDone();
        clock.set(T);
        long id = next.get(5, TimeUnit.SECONDS);

        assertThat(id).isGreaterThan(before);
        assertThat(SnowflakeIdGenerator.timestampOf(id)).isEqualTo(T);
        assertThat(SnowflakeIdGenerator.sequenceOf(id)).isEqualTo(1);
    }

    @Test
    void refusesToMakeIdsWhenTheClockStepsFarBack() {
        FakeClock clock = new FakeClock(T);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(1, clock);
        long before = ids.nextId();
        clock.set(T.minusSeconds(2));

        assertThatThrownBy(ids::nextId)
                .isInstanceOf(SnowflakeIdGenerator.ClockMovedBackwards.class)
                .hasMessageContaining("2000 ms");

        clock.set(T.plusMillis(1));
        assertThat(ids.nextId()).isGreaterThan(before);
    }

    @Test
    void makesUniqueIdsFromManyThreadsWithTheSystemClock() throws Exception {
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(3, Clock.systemUTC());
        Set<Long> made = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    made.add(ids.nextId());
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(made).hasSize(80_000);
    }

    @Test
    void makesIncreasingIdsInOneThreadWithTheSystemClock() {
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(3, Clock.systemUTC());
        Set<Long> seen = new HashSet<>();
        long previous = 0;
        for (int i = 0; i < 50_000; i++) {
            long id = ids.nextId();
            assertThat(id).isGreaterThan(previous);
            seen.add(id);
            previous = id;
        }
        assertThat(seen).hasSize(50_000);
    }
}
