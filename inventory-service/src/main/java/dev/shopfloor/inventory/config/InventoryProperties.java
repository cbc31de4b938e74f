package dev.shopfloor.inventory.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Currency;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the inventory service, prefix {@code shopfloor.inventory}.
 *
 * @param catalog settings of the product catalog
 */
@Validated
@ConfigurationProperties("shopfloor.inventory")
public record InventoryProperties(@DefaultValue @Valid Catalog catalog) {

    /**
     * @param currency the platform currency (ISO 4217); every price must be in it, other currencies are refused
     *     with {@code 422}
     */
    public record Catalog(@DefaultValue("EUR") @NotNull Currency currency) {}
}
