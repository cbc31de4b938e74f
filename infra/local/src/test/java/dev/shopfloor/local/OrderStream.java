package dev.shopfloor.local;

import dev.shopfloor.local.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of orders through the gateway, as a careful client places them: each order has its own
 * {@code Idempotency-Key} and is retried with that key until the platform accepts it ({@code 202}), however long a
 * service or the broker is down. So every order the stream counts exists exactly once, and no order exists that the
 * stream does not know about.
 */
final class OrderStream implements AutoCloseable {

    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private final ApiClient api;
    private final List<String> customers;
    private final List<String> skus;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients = Executors.newFixedThreadPool(24);
    private final Set<String> placed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    OrderStream(ApiClient api, List<String> customers, List<String> skus) {
        this.api = api;
        this.customers = List.copyOf(customers);
        this.skus = List.copyOf(skus);
    }

    /** Starts placing {@code perSecond} orders a second. */
    void start(int perSecond) {
        long period = 1000 / perSecond;
        ticker.scheduleAtFixedRate(() -> clients.submit(this::placeOne), 0, period, TimeUnit.MILLISECONDS);
    }

    /** Stops starting orders and waits until every started order is accepted (or given up). */
    void stop() throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        clients.shutdown();
        if (!clients.awaitTermination(GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS)) {
            throw new AssertionError("orders still being placed after " + GIVE_UP);
        }
    }

    Set<String> placed() {
        return Set.copyOf(placed);
    }

    int started() {
        return started.get();
    }

    /** Answers other than 202 that were retried (5xx, connection refused, timeouts). */
    int retries() {
        return retries.get();
    }

    /** Orders given up on: a 4xx answer, or no 202 within three minutes. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void placeOne() {
        started.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Map<String, Object>> items = new ArrayList<>();
        for (String sku : pick(random, 1 + random.nextInt(2))) {
            items.add(Map.of("sku", sku, "quantity", 1 + random.nextInt(2)));
        }
        Map<String, Object> body =
                Map.of("customerId", customers.get(random.nextInt(customers.size())), "items", items);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Instant giveUp = Instant.now().plus(GIVE_UP);
        while (Instant.now().isBefore(giveUp)) {
            try {
                Answer answer = api.post("/api/orders", body, key);
                if (answer.status() == 202) {
                    placed.add(answer.json().get("orderId").asString());
                    return;
                }
                if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 429) {
                    failed.incrementAndGet();
                    failures.add(answer.status() + " " + answer.body());
                    return;
                }
            } catch (IllegalStateException unreachable) {
                // connection refused or timed out: the same key makes the retry safe
            }
            retries.incrementAndGet();
            sleep(500);
        }
        failed.incrementAndGet();
        failures.add("no 202 within " + GIVE_UP + " for " + body);
    }

    private List<String> pick(ThreadLocalRandom random, int count) {
        List<String> shuffled = new ArrayList<>(skus);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled.subList(0, Math.min(count, shuffled.size()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        clients.shutdownNow();
    }
}
