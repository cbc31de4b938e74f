package dev.shopfloor.order.domain;

import static dev.shopfloor.order.domain.OrderBuilder.PLACED_AT;
import static dev.shopfloor.order.domain.OrderBuilder.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant LATER = PLACED_AT.plusSeconds(3);

    @Test
    void placesOrderPendingWithoutRejectionReason() {
        Order order =
                anOrder().withCustomer("c-7").withLine("SKU-1", 2, "12.50").build();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.rejectionReason()).isEmpty();
        assertThat(order.customerId()).isEqualTo("c-7");
        assertThat(order.createdAt()).isEqualTo(PLACED_AT);
        assertThat(order.updatedAt()).isEqualTo(PLACED_AT);
        assertThat(order.version()).isZero();
    }

    @Test
    void computesTotalAsSumOfQuantityTimesUnitPrice() {
        Order order = anOrder()
                .withLine("SKU-1", 2, "12.50")
                .withLine("SKU-2", 3, "0.99")
                .withLine("SKU-3", 1, "100.00")
                .build();

        assertThat(order.total()).isEqualTo(Money.of("127.97", "EUR"));
    }

    @Test
    void refusesOrderWithoutLines() {
        assertThatThrownBy(() -> Order.place(new OrderId(1), "c", List.of(), PLACED_AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOrderWithTheSameSkuTwice() {
        assertThatThrownBy(() -> anOrder()
                        .withLine("SKU-1", 1, "1.00")
                        .withLine("SKU-1", 2, "1.00")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SKU-1");
    }

    @Test
    void refusesLinesInDifferentCurrencies() {
        assertThatThrownBy(() -> anOrder()
                        .withLine("SKU-1", 1, "1.00")
                        .withLine(new OrderLine("SKU-2", 1, Money.of("1.00", "USD")))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLineWithQuantityBelowOne() {
        assertThatThrownBy(() -> new OrderLine("SKU-1", 0, Money.of("1.00", "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void approvesPendingOrder() {
        Order order = anOrder().build();

        boolean changed = order.approve(LATER);

        assertThat(changed).isTrue();
        assertThat(order.status()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.updatedAt()).isEqualTo(LATER);
        assertThat(order.rejectionReason()).isEmpty();
    }

    @Test
    void approvingAnApprovedOrderAgainChangesNothing() {
        Order order = anOrder().build();
        order.approve(LATER);

        boolean changed = order.approve(LATER.plusSeconds(10));

        assertThat(changed).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void rejectsPendingOrderWithReason() {
        Order order = anOrder().build();

        boolean changed = order.reject(RejectionReason.OUT_OF_STOCK, LATER);

        assertThat(changed).isTrue();
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.rejectionReason()).contains(RejectionReason.OUT_OF_STOCK);
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void rejectingARejectedOrderAgainKeepsTheFirstReason() {
        Order order = anOrder().build();
        order.reject(RejectionReason.PAYMENT_DECLINED, LATER);

        boolean changed = order.reject(RejectionReason.TIMEOUT, LATER.plusSeconds(1));

        assertThat(changed).isFalse();
        assertThat(order.rejectionReason()).contains(RejectionReason.PAYMENT_DECLINED);
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void refusesToApproveARejectedOrder() {
        Order order = anOrder().build();
        order.reject(RejectionReason.TIMEOUT, LATER);

        assertThatThrownBy(() -> order.approve(LATER))
                .isInstanceOf(IllegalOrderTransition.class)
                .hasMessageContaining("REJECTED to APPROVED");
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void refusesToRejectAnApprovedOrder() {
        Order order = anOrder().build();
        order.approve(LATER);

        assertThatThrownBy(() -> order.reject(RejectionReason.OUT_OF_STOCK, LATER))
                .isInstanceOf(IllegalOrderTransition.class);
        assertThat(order.status()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.rejectionReason()).isEmpty();
    }

    @Test
    void restoresStoredOrderWithItsVersion() {
        Order order = Order.restore(
                new OrderId(5),
                "c",
                List.of(new OrderLine("SKU-1", 1, Money.of("2.00", "EUR"))),
                OrderStatus.REJECTED,
                RejectionReason.TIMEOUT,
                PLACED_AT,
                LATER,
                3);

        assertThat(order.version()).isEqualTo(3);
        assertThat(order.rejectionReason()).contains(RejectionReason.TIMEOUT);
    }

    @Test
    void refusesRestoringARejectionReasonWithoutRejectedStatus() {
        assertThatThrownBy(() -> Order.restore(
                        new OrderId(5),
                        "c",
                        List.of(new OrderLine("SKU-1", 1, Money.of("2.00", "EUR"))),
                        OrderStatus.APPROVED,
                        RejectionReason.TIMEOUT,
                        PLACED_AT,
                        LATER,
                        1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
