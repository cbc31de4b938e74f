package dev.shopfloor.order.config;

import dev.shopfloor.order.domain.SnowflakeIdGenerator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of the domain that need configuration. */
@Configuration(proxyBeanMethods = false)
class OrderConfiguration {

    @Bean
    SnowflakeIdGenerator orderIds(OrderProperties properties, Clock clock) {
        return new SnowflakeIdGenerator(properties.workerId(), clock);
    }
}
