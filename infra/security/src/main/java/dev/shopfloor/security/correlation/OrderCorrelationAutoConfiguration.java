package dev.shopfloor.security.correlation;

import dev.shopfloor.security.observation.UntracedPaths;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers {@link OrderCorrelationInterceptor} for every Spring MVC handler of a servlet service, and keeps the
 * actuator's requests out of traces ({@link UntracedPaths}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OrderCorrelationAutoConfiguration {

    /** No traces or HTTP metrics for probes and scrapes: {@link UntracedPaths}. */
    @Bean
    ObservationPredicate untracedPaths() {
        return UntracedPaths.servlet();
    }

    @Bean
    WebMvcConfigurer orderCorrelation() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new OrderCorrelationInterceptor());
            }
        };
    }
}
