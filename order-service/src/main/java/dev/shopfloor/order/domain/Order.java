package dev.shopfloor.order.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The order aggregate: who ordered what at which prices, and where the order saga has taken it.
 *
 * <p>An order is placed {@link OrderStatus#PENDING}; the saga then either {@link #approve approves} or
 * {@link #reject rejects} it, and both are final. Transitions are idempotent when the order already stands where it
 * is asked to go (a redelivered saga command must be answerable again), and throw {@link IllegalOrderTransition}
 * otherwise. {@link #version()} counts the changes, for optimistic locking by the repository.
 */
public final class Order {

    private final OrderId id;
    private final String customerId;
    private final List<OrderLine> lines;
    private final Money total;
    private final Instant createdAt;
    private final long version;
    private OrderStatus status;
    private RejectionReason rejectionReason;
    private Instant updatedAt;

    private Order(
            OrderId id,
            String customerId,
            List<OrderLine> lines,
            OrderStatus status,
            RejectionReason rejectionReason,
            Instant createdAt,
            Instant updatedAt,
            long version) {
        this.id = Objects.requireNonNull(id, "id");
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.lines = List.copyOf(lines);
        this.status = Objects.requireNonNull(status, "status");
        this.rejectionReason = rejectionReason;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.version = version;
        if (this.lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        Set<String> skus = new HashSet<>();
        for (OrderLine line : this.lines) {
            if (!skus.add(line.sku())) {
                throw new IllegalArgumentException("sku " + line.sku() + " appears on more than one line");
            }
        }
        if ((status == OrderStatus.REJECTED) != (rejectionReason != null)) {
            throw new IllegalArgumentException("a rejection reason goes with status REJECTED and only with it");
        }
        this.total = computeTotal(this.lines);
    }

    /**
     * Places a new order, {@link OrderStatus#PENDING}.
     *
     * @param lines at least one line, each sku at most once, all prices in one currency
     * @throws IllegalArgumentException when the lines break those rules or the total does not fit {@link Money}
     */
    public static Order place(OrderId id, String customerId, List<OrderLine> lines, Instant now) {
        return new Order(id, customerId, lines, OrderStatus.PENDING, null, now, now, 0);
    }

    /** Rebuilds an order from storage; checks the same invariants as {@link #place}. */
    public static Order restore(
            OrderId id,
            String customerId,
            List<OrderLine> lines,
            OrderStatus status,
            RejectionReason rejectionReason,
            Instant createdAt,
            Instant updatedAt,
            long version) {
        return new Order(id, customerId, lines, status, rejectionReason, createdAt, updatedAt, version);
    }

    /**
     * The saga completed: the order becomes {@link OrderStatus#APPROVED}.
     *
     * @return {@code true} when the order changed, {@code false} when it was already approved
     * @throws IllegalOrderTransition when the order was rejected
     */
    public boolean approve(Instant now) {
        return switch (status) {
            case PENDING -> {
                status = OrderStatus.APPROVED;
                updatedAt = now;
                yield true;
            }
            case APPROVED -> false;
            case REJECTED -> throw new IllegalOrderTransition(id, status, OrderStatus.APPROVED);
        };
    }

    /**
     * The saga gave up: the order becomes {@link OrderStatus#REJECTED} for {@code reason}.
     *
     * @return {@code true} when the order changed, {@code false} when it was already rejected (the first reason
     *     stays)
     * @throws IllegalOrderTransition when the order was approved
     */
    public boolean reject(RejectionReason reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        return switch (status) {
            case PENDING -> {
                status = OrderStatus.REJECTED;
                rejectionReason = reason;
                updatedAt = now;
                yield true;
            }
            case REJECTED -> false;
            case APPROVED -> throw new IllegalOrderTransition(id, status, OrderStatus.REJECTED);
        };
    }

    private static Money computeTotal(List<OrderLine> lines) {
        Money sum = Money.zero(lines.getFirst().unitPrice().currency());
        for (OrderLine line : lines) {
            sum = sum.plus(line.total());
        }
        return sum;
    }

    public OrderId id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public List<OrderLine> lines() {
        return lines;
    }

    /** The sum of {@code quantity × unitPrice} over all lines. */
    public Money total() {
        return total;
    }

    public OrderStatus status() {
        return status;
    }

    /** Why the order was rejected; empty unless {@link OrderStatus#REJECTED}. */
    public Optional<RejectionReason> rejectionReason() {
        return Optional.ofNullable(rejectionReason);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The number of changes stored so far; the repository's optimistic lock compares it. */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "Order[" + id + ", " + status + ", " + lines.size() + " lines, total " + total + "]";
    }
}
