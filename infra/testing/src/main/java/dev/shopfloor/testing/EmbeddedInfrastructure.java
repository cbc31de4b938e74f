package dev.shopfloor.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a {@code @SpringBootTest} class on real infrastructure: Postgres, Kafka and Redis are started once per JVM
 * ({@link Infrastructure#get()}), the test class gets a fresh database of its own, and the application context is
 * pointed at them through the standard properties {@code spring.datasource.url/username/password},
 * {@code spring.kafka.bootstrap-servers} and {@code spring.data.redis.host/port}.
 *
 * <p>All test classes of a JVM share one Kafka broker and its topics. A module with several classes whose contexts
 * consume Kafka should close each context after its class ({@code @DirtiesContext}), or a cached context keeps
 * consuming in the same group and takes some of the next class's records.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedInfrastructure {}
