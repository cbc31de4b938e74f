package dev.shopfloor.payment.account.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code PUT /api/customers/{customerId}/account}.
 *
 * @param creditLimit the account's credit limit: at least zero, at most two fraction digits, platform currency
 */
record AccountRequest(@NotNull @Valid MoneyBody creditLimit) {}
