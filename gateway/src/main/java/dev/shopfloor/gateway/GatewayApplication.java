package dev.shopfloor.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The edge of the platform: routes the public REST API ({@code /api/**}, DESIGN.md §8) to the services that own it and
 * answers its own failures (no route, backend down) in {@code application/problem+json} (DESIGN.md §7). Before
 * routing, every request is authenticated ({@code security}) and rate-limited per caller and route class in Redis
 * ({@code ratelimit}); each backend has its own time limit and circuit breaker ({@code resilience}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
