package dev.shopfloor.payment.config;

import jakarta.validation.constraints.NotNull;
import java.util.Currency;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payment service, prefix {@code shopfloor.payment}.
 *
 * @param currency the platform currency (ISO 4217, default {@code EUR}): credit limits in any other currency are
 *     refused with 422, and every account keeps its balances in it
 */
@Validated
@ConfigurationProperties("shopfloor.payment")
public record PaymentProperties(
        @DefaultValue("EUR") @NotNull Currency currency) {}
