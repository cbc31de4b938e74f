package dev.shopfloor.readmodel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The platform's read side (DESIGN.md §6): Debezium embedded engines follow the {@code orders}, {@code payments} and
 * {@code inventory} databases' tables and project them into order views in this service's own {@code readmodel}
 * database; {@code GET /api/orders/{orderId}} and {@code GET /api/orders} answer from those views, behind a Redis
 * cache.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReadModelServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReadModelServiceApplication.class, args);
    }
}
