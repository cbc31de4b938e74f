/**
 * The create-order saga (DESIGN.md §4): its state machine {@link dev.shopfloor.saga.createorder.CreateOrderSaga},
 * the messages it reads ({@link dev.shopfloor.saga.createorder.SagaEvent}) and the commands it sends
 * ({@link dev.shopfloor.saga.createorder.SagaCommand}).
 *
 * <p>This package is the pure domain: plain Java, no Spring, Kafka, Jackson or JDBC (an ArchUnit test keeps it so).
 * Time comes in as arguments. The adapters live in the sub-packages: {@code messaging} (Kafka listeners, JSON
 * payloads, the transactional handler with inbox and outbox), {@code persistence} (JDBC) and {@code web} (query
 * API). Unlike the house layout, the feature's application service sits in {@code messaging}, because it is
 * Spring-managed and the feature root stays framework-free.
 */
package dev.shopfloor.saga.createorder;
