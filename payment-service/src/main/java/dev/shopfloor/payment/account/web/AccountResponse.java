package dev.shopfloor.payment.account.web;

import dev.shopfloor.payment.account.Account;

/**
 * A customer's account as the API shows it.
 *
 * @param customerId the account's customer
 * @param creditLimit the most credit the customer may have reserved and used at once
 * @param reserved credit held by open authorizations
 * @param used credit of captured payments
 * @param available {@code creditLimit - reserved - used}
 */
record AccountResponse(
        String customerId, MoneyBody creditLimit, MoneyBody reserved, MoneyBody used, MoneyBody available) {

    static AccountResponse of(Account account) {
        return new AccountResponse(
                account.customerId().value(),
                MoneyBody.of(account.creditLimit()),
                MoneyBody.of(account.reserved()),
                MoneyBody.of(account.used()),
                MoneyBody.of(account.available()));
    }
}
