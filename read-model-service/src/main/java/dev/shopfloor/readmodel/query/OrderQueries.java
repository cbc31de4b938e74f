package dev.shopfloor.readmodel.query;

import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.readmodel.projection.OrderView;
import dev.shopfloor.readmodel.projection.OrderViews;
import dev.shopfloor.readmodel.rebuild.Generations;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Reads of the order views, always from the current generation: one order (through {@link OrderCache}), or a page of
 * orders filtered by customer and status, newest first.
 */
@Service
public class OrderQueries {

    private final OrderViews views;
    private final Generations generations;
    private final OrderCache cache;

    public OrderQueries(OrderViews views, Generations generations, OrderCache cache) {
        this.views = views;
        this.generations = generations;
        this.cache = cache;
    }

    /** The order, or empty when the read model does not know it (yet): then nothing is cached. */
    public Optional<OrderJson> order(long orderId) {
        Generation generation = generations.current();
        return Optional.ofNullable(cache.get(
                generation,
                orderId,
                () -> views.find(generation, orderId).map(OrderJson::of).orElse(null)));
    }

    /** A page of orders with their payment and reservation status. */
    public PageJson page(String customerId, String status, int page, int size) {
        OrderViews.Page found = views.page(generations.current(), customerId, status, page, size);
        List<OrderSummaryJson> content =
                found.content().stream().map(OrderSummaryJson::of).toList();
        long totalPages = (found.totalElements() + size - 1) / size;
        return new PageJson(content, page, size, found.totalElements(), totalPages);
    }

    /**
     * An order in a list: the fields of {@link OrderJson} and, from the other services' tables, the payment's status
     * ({@code AUTHORIZED}, {@code DECLINED}, {@code VOIDED}, {@code CAPTURED}, null before any) and the stock
     * reservation's ({@code RESERVED}, {@code RELEASED}, {@code COMMITTED}, {@code PARTIAL}, null before any).
     */
    public record OrderSummaryJson(
            String orderId,
            String customerId,
            String status,
            String rejectionReason,
            List<OrderJson.Item> items,
            OrderJson.MoneyJson total,
            String createdAt,
            String updatedAt,
            String paymentStatus,
            String reservationStatus) {

        static OrderSummaryJson of(OrderView view) {
            OrderJson order = OrderJson.of(view);
            return new OrderSummaryJson(
                    order.orderId(),
                    order.customerId(),
                    order.status(),
                    order.rejectionReason(),
                    order.items(),
                    order.total(),
                    order.createdAt(),
                    order.updatedAt(),
                    view.paymentStatus(),
                    view.reservationStatus());
        }
    }

    /** A page of orders, newest first; the shape of the platform's other pages. */
    public record PageJson(List<OrderSummaryJson> content, int page, int size, long totalElements, long totalPages) {}
}
