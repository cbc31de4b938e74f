package dev.shopfloor.order.placement.web;

import dev.shopfloor.order.domain.PlaceOrder;
import dev.shopfloor.order.placement.IdempotencyKey;
import dev.shopfloor.order.placement.OrderPlacement;
import dev.shopfloor.order.placement.PlacedOrder;
import dev.shopfloor.security.Caller;
import dev.shopfloor.security.servlet.ForeignCustomer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders}: places an order. Answers {@code 202 Accepted} with the order's location at once; the
 * order saga decides later whether it is approved (poll {@code GET /api/orders/{orderId}}).
 */
@RestController
@RequestMapping("/api/orders")
class PlacementController {

    private final OrderPlacement placement;

    PlacementController(OrderPlacement placement) {
        this.placement = placement;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<OrderAccepted> place(
            @RequestBody PlaceOrderRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            Caller caller) {
        if (request.customerId() != null && !caller.mayActFor(request.customerId())) {
            throw new ForeignCustomer(request.customerId());
        }
        Optional<IdempotencyKey> key =
                Optional.ofNullable(idempotencyKey).map(value -> new IdempotencyKey(caller.subject(), value));
        PlacedOrder placed = placement.place(request.toCommand(), key);
        String orderId = placed.orderId().toString();
        return ResponseEntity.accepted()
                .location(URI.create("/api/orders/" + orderId))
                .body(new OrderAccepted(orderId, "PENDING"));
    }

    /** Body of {@code POST /api/orders}. Unknown fields are ignored. */
    record PlaceOrderRequest(String customerId, List<Item> items) {

        record Item(String sku, Integer quantity) {}

        PlaceOrder toCommand() {
            List<PlaceOrder.Item> lines = items == null
                    ? null
                    : items.stream()
                            .map(item -> item == null ? null : new PlaceOrder.Item(item.sku(), item.quantity()))
                            .toList();
            return new PlaceOrder(customerId, lines);
        }
    }

    /** Answer of {@code POST /api/orders}: the order id as a string and its status when placed. */
    record OrderAccepted(String orderId, String status) {}
}
