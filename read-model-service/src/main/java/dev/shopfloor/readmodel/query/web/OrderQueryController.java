package dev.shopfloor.readmodel.query.web;

import dev.shopfloor.readmodel.query.OrderJson;
import dev.shopfloor.readmodel.query.OrderQueries;
import dev.shopfloor.readmodel.web.OrderNotFound;
import dev.shopfloor.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read model's query API (DESIGN.md §8): {@code GET /api/orders/{orderId}}, the same JSON as order-service's, and
 * {@code GET /api/orders?customerId=&status=&page=&size=}, a page of orders newest first (size 1-100, default 20).
 * An unknown order, or one the read model has not received yet, is a {@code 404} problem; bad paging or status a
 * {@code 400}.
 */
@RestController
@Validated
@RequestMapping("/api/orders")
class OrderQueryController {

    private final OrderQueries queries;

    OrderQueryController(OrderQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/{orderId}")
    OrderJson order(@PathVariable String orderId, Caller caller) {
        long id = parse(orderId);
        // another customer's order is answered exactly like an unknown one
        return queries.order(id)
                .filter(order -> caller.mayActFor(order.customerId()))
                .orElseThrow(() -> new OrderNotFound(orderId));
    }

    @GetMapping
    OrderQueries.PageJson orders(
            @RequestParam(required = false) @Size(min = 1, max = 64) String customerId,
            @RequestParam(required = false) @Pattern(regexp = "PENDING|APPROVED|REJECTED") String status,
            @RequestParam(defaultValue = "0") @PositiveOrZero @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            Caller caller) {
        // a customer lists only its own orders: no customerId means its own, another customer's id finds nothing
        String customer = caller.customerId().orElse(customerId);
        if (customerId != null && !customer.equals(customerId)) {
            return new OrderQueries.PageJson(java.util.List.of(), page, size, 0, 0);
        }
        return queries.page(customer, status, page, size);
    }

    /** Order ids are positive decimal numbers of at most 19 digits; anything else names no order. */
    private static long parse(String orderId) {
        if (orderId.isEmpty() || orderId.length() > 19 || !orderId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new OrderNotFound(orderId);
        }
        try {
            long id = Long.parseLong(orderId);
            if (id <= 0) {
                throw new OrderNotFound(orderId);
            }
            return id;
        } catch (NumberFormatException e) {
            throw new OrderNotFound(orderId);
        }
    }
}
