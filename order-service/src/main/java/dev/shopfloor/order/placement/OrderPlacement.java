package dev.shopfloor.order.placement;

import dev.shopfloor.order.config.OrderProperties;
import dev.shopfloor.order.domain.Order;
import dev.shopfloor.order.domain.OrderLine;
import dev.shopfloor.order.domain.PlaceOrder;
import dev.shopfloor.order.domain.SnowflakeIdGenerator;
import dev.shopfloor.order.persistence.Orders;
import dev.shopfloor.order.placement.inventory.InventoryClient;
import dev.shopfloor.order.placement.inventory.InventoryUnavailable;
import dev.shopfloor.order.placement.inventory.Product;
import dev.shopfloor.order.placement.messaging.OrderCreatedPublisher;
import dev.shopfloor.order.placement.persistence.IdempotencyKeys;
import dev.shopfloor.security.correlation.OrderCorrelation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders: checks the skus and snapshots their prices from inventory-service, then stores the order
 * {@code PENDING} and its {@code order.OrderCreated.v1} event in one transaction.
 *
 * <p>With an idempotency key, a request that repeats an earlier one (same key, same canonical body) gets the
 * earlier order back and changes nothing; the same key with another body fails. Concurrent requests with one key
 * race for its row in {@code idempotency_key}: one places the order, the others roll back and answer with its id.
 * A key is remembered for {@code shopfloor.order.idempotency-key-ttl} (24 h by default); after that it is free for a
 * new order.
 *
 * <p>The call to inventory-service happens before the transaction opens, so no database connection waits on the
 * network.
 */
@Service
public class OrderPlacement {

    private final InventoryClient inventory;
    private final Orders orders;
    private final IdempotencyKeys idempotencyKeys;
    private final OrderCreatedPublisher events;
    private final SnowflakeIdGenerator ids;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Currency currency;
    private final Duration keyTtl;

    public OrderPlacement(
            InventoryClient inventory,
            Orders orders,
            IdempotencyKeys idempotencyKeys,
            OrderCreatedPublisher events,
            SnowflakeIdGenerator ids,
            TransactionTemplate transactions,
            Clock clock,
            OrderProperties properties) {
        this.inventory = inventory;
        this.orders = orders;
        this.idempotencyKeys = idempotencyKeys;
        this.events = events;
        this.ids = ids;
        this.transactions = transactions;
        this.clock = clock;
        this.currency = properties.currency();
        this.keyTtl = properties.idempotencyKeyTtl();
    }

    /**
     * Places {@code command}, or answers the order an earlier request with the same key placed.
     *
     * @throws UnknownProducts when the catalog does not know some skus
     * @throws UnsupportedCurrency when a product is not priced in the platform currency
     * @throws InventoryUnavailable when inventory-service cannot be asked
     * @throws IdempotencyKeyReused when {@code key} was used before with another request
     */
    public PlacedOrder place(PlaceOrder command, Optional<IdempotencyKey> key) {
        String requestHash = command.requestHash();
        Instant notBefore = clock.instant().minus(keyTtl);
        if (key.isPresent()) {
            Optional<PlacedOrder> earlier = replay(key.get(), requestHash, notBefore);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        List<OrderLine> lines = priceLines(command);
        Order order = Order.place(ids.nextOrderId(), command.customerId(), lines, now());
        // from here on the request's log lines and its server span name the new order
        OrderCorrelation.mark(order.id().toString());
        Boolean placed = transactions.execute(status -> {
            if (key.isPresent()
                    && !idempotencyKeys.claim(
                            key.get().caller(),
                            key.get().value(),
                            requestHash,
                            order.id(),
                            order.createdAt(),
                            notBefore)) {
                status.setRollbackOnly();
                return false;
            }
            orders.add(order);
            events.orderCreated(order);
            return true;
        });
        if (Boolean.TRUE.equals(placed)) {
            return new PlacedOrder(order.id(), false);
        }
        // Another request with the same key committed first; it is visible now.
        return replay(key.orElseThrow(), requestHash, notBefore)
                .orElseThrow(() ->
                        new IllegalStateException("idempotency key " + key.get().value() + " vanished"));
    }

    private Optional<PlacedOrder> replay(IdempotencyKey key, String requestHash, Instant notBefore) {
        return idempotencyKeys.find(key.caller(), key.value(), notBefore).map(claim -> {
            if (!claim.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReused(key.value(), claim.orderId());
            }
            OrderCorrelation.mark(claim.orderId().toString());
            return new PlacedOrder(claim.orderId(), true);
        });
    }

    private List<OrderLine> priceLines(PlaceOrder command) {
        List<OrderLine> lines = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (PlaceOrder.Item item : command.items()) {
            Optional<Product> product = inventory.product(item.sku());
            if (product.isEmpty()) {
                unknown.add(item.sku());
                continue;
            }
            Currency priced = product.get().price().currency();
            if (!priced.equals(currency)) {
                throw new UnsupportedCurrency(item.sku(), priced, currency);
            }
            lines.add(new OrderLine(item.sku(), item.quantity(), product.get().price()));
        }
        if (!unknown.isEmpty()) {
            throw new UnknownProducts(unknown);
        }
        return lines;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
