package dev.shopfloor.gateway;

import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Every backend the gateway routes to, each played by its own {@link BackendStub}: one set per test class, started
 * with the class, registered as the gateway's backend URLs, reset between tests and closed after the class.
 */
record StubBackends(
        BackendStub orders, BackendStub payments, BackendStub inventory, BackendStub sagas, BackendStub readModel) {

    static StubBackends start() {
        return new StubBackends(
                BackendStub.start("order-service"),
                BackendStub.start("payment-service"),
                BackendStub.start("inventory-service"),
                BackendStub.start("saga-orchestrator"),
                BackendStub.start("read-model-service"));
    }

    /** Points the gateway's {@code shopfloor.gateway.*-url} settings at the stubs. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("shopfloor.gateway.order-service-url", orders::url);
        registry.add("shopfloor.gateway.payment-service-url", payments::url);
        registry.add("shopfloor.gateway.inventory-service-url", inventory::url);
        registry.add("shopfloor.gateway.saga-orchestrator-url", sagas::url);
        registry.add("shopfloor.gateway.read-model-service-url", readModel::url);
    }

    Stream<BackendStub> all() {
        return Stream.of(orders, payments, inventory, sagas, readModel);
    }

    /** Forgets what each stub received and makes it answer its default again. */
    void reset() {
        all().forEach(BackendStub::reset);
    }

    void close() {
        all().forEach(BackendStub::close);
    }
}
