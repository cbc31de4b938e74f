package dev.shopfloor.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The payment service: customers' credit accounts (HTTP) and the authorizations, voids and captures the order saga
 * asks for (Kafka, {@code payment.commands} in, {@code saga.replies} out). Database {@code payments}; port 8082.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentServiceApplication.class, args);
    }
}
