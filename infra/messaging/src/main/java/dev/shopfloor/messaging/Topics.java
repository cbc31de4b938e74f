package dev.shopfloor.messaging;

import java.util.List;

/**
 * Kafka topic names of the platform (DESIGN.md §5). Every saga message is keyed by order id, so one order's
 * messages stay in one partition and keep their order.
 */
public final class Topics {

    /** Events the order service publishes: {@code order.OrderCreated.v1}. */
    public static final String ORDER_EVENTS = "order.events";
    /** Commands for the order service: {@code order.ApproveOrder.v1}, {@code order.RejectOrder.v1}. */
    public static final String ORDER_COMMANDS = "order.commands";
    /** Commands for the inventory service: reserve, release and commit stock. */
    public static final String INVENTORY_COMMANDS = "inventory.commands";
    /** Commands for the payment service: authorize, void and capture payments. */
    public static final String PAYMENT_COMMANDS = "payment.commands";
    /** Replies of every saga participant to the saga orchestrator. */
    public static final String SAGA_REPLIES = "saga.replies";

    /** Suffix of a topic's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Every topic of the platform, without the dead-letter topics. */
    public static final List<String> ALL =
            List.of(ORDER_EVENTS, ORDER_COMMANDS, INVENTORY_COMMANDS, PAYMENT_COMMANDS, SAGA_REPLIES);

    private Topics() {}

    /** The dead-letter topic of {@code topic}, e.g. {@code inventory.commands.DLT}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
