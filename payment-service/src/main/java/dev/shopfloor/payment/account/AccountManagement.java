package dev.shopfloor.payment.account;

import dev.shopfloor.payment.config.PaymentProperties;
import java.util.Currency;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens accounts, changes their credit limits and reads them: the account feature's application service.
 */
@Service
public class AccountManagement {

    private final Accounts accounts;
    private final Currency platformCurrency;

    public AccountManagement(Accounts accounts, PaymentProperties properties) {
        this.accounts = accounts;
        this.platformCurrency = properties.currency();
    }

    /** The result of {@link #setCreditLimit}: the account after the change, and whether it was opened by it. */
    public record CreditLimitSet(Account account, boolean opened) {}

    /**
     * Opens the customer's account with {@code creditLimit}, or changes the limit of the existing one.
     *
     * @throws UnsupportedCurrency when the limit is not in the platform currency
     * @throws InvalidCreditLimit when the limit is negative
     * @throws CreditLimitBelowCommitment when the limit is below the credit already reserved or used
     */
    @Transactional
    public CreditLimitSet setCreditLimit(CustomerId customerId, Money creditLimit) {
        if (!creditLimit.currency().equals(platformCurrency)) {
            throw new UnsupportedCurrency("credit limits are kept in " + platformCurrency.getCurrencyCode() + ", not "
                    + creditLimit.currency().getCurrencyCode());
        }
        var existing = accounts.lock(customerId);
        if (existing.isEmpty()) {
            Account opened = Account.open(customerId, creditLimit);
            if (accounts.add(opened)) {
                return new CreditLimitSet(opened, true);
            }
            // A concurrent request opened it first; its row is committed now, so change that one.
            existing = accounts.lock(customerId);
        }
        Account account = existing.orElseThrow(() -> new IllegalStateException("account " + customerId + " vanished"));
        account.changeCreditLimit(creditLimit);
        accounts.update(account);
        return new CreditLimitSet(account, false);
    }

    /** @throws AccountNotFound when the customer has no account */
    @Transactional(readOnly = true)
    public Account account(CustomerId customerId) {
        return accounts.find(customerId).orElseThrow(() -> new AccountNotFound(customerId));
    }
}
