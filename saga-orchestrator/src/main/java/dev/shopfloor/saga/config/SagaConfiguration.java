package dev.shopfloor.saga.config;

import dev.shopfloor.saga.createorder.Deadlines;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns the orchestrator's settings into the saga's own deadline rules. */
@Configuration(proxyBeanMethods = false)
class SagaConfiguration {

    @Bean
    Deadlines deadlines(SagaProperties properties) {
        return properties.deadlines();
    }
}
