package dev.shopfloor.testing;

import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Spring test hook behind {@link EmbeddedInfrastructure}: one context customizer per test class, so each class gets
 * its own context and database. Registered in {@code META-INF/spring.factories}.
 */
public class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String JWT_DECODER = "org.springframework.security.oauth2.jwt.JwtDecoder";
    private static final String TRACING_EXPORT = "management.tracing.export.enabled";
    private static final String ZIPKIN_EXPORT = "management.tracing.export.zipkin.enabled";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        if (!MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(EmbeddedInfrastructure.class)) {
            return null;
        }
        return new Customizer(testClass.getName());
    }

    /** Adds the infrastructure's properties, with the highest precedence, to one test class's context. */
    private record Customizer(String testClassName) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Infrastructure infrastructure = Infrastructure.get();
            String simpleName = testClassName.substring(testClassName.lastIndexOf('.') + 1);
            String database = ("t" + DATABASES.incrementAndGet() + "_" + simpleName)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9_]", "_");
            if (database.length() > 60) {
                database = database.substring(0, 60);
            }
            DatabaseLogin login = infrastructure.createDatabase(database);
            Map<String, Object> properties = new HashMap<>();
            properties.put("spring.datasource.url", login.jdbcUrl());
            properties.put("spring.datasource.username", login.username());
            properties.put("spring.datasource.password", login.password());
            properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
            properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
            properties.put("spring.data.redis.host", infrastructure.redisHost());
            properties.put("spring.data.redis.port", infrastructure.redisPort());
            properties.put("shopfloor.testing.database", database);
            if (!setByTest(config, TRACING_EXPORT) && !setByTest(config, ZIPKIN_EXPORT)) {
                // No Zipkin runs in tests: spans are made and propagated (tests may look at them) but not sent, instead
                // of a failed export logged per span batch. Not management.tracing.export.enabled=false: in Boot 4 that
                // also switches propagation off, and no traceparent would be written or read. A test that sets either
                // property keeps its value.
                properties.put(ZIPKIN_EXPORT, false);
            }
            if (ClassUtils.isPresent(JWT_DECODER, context.getClassLoader())) {
                // An OAuth2 resource server: trust the real auth server of this JVM, and judge expiry exactly so a
                // test's expired token is refused a second after it expires.
                properties.put(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                        AuthServerProcess.get().issuer());
                properties.put("shopfloor.security.clock-skew", "0s");
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("embeddedInfrastructure", properties));
        }

        /** Whether the test class sets {@code name} inline ({@code @SpringBootTest(properties)}, {@code @TestPropertySource}). */
        private static boolean setByTest(MergedContextConfiguration config, String name) {
            return Arrays.stream(config.getPropertySourceProperties())
                    .anyMatch(property -> property.split("[=:]", 2)[0].trim().equals(name));
        }
    }
}
