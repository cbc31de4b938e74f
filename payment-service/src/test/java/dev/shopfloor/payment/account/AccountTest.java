package dev.shopfloor.payment.account;

import static dev.shopfloor.payment.account.AccountBuilder.anAccount;
import static dev.shopfloor.payment.account.TestMoney.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class AccountTest {

    @Test
    void opensWithTheWholeLimitAvailable() {
        Account account = Account.open(new CustomerId("cust-1"), eur("500.00"));

        assertThat(account.reserved()).isEqualTo(eur("0.00"));
        assertThat(account.used()).isEqualTo(eur("0.00"));
        assertThat(account.available()).isEqualTo(eur("500.00"));
    }

    @Test
    void refusesToOpenWithANegativeLimit() {
        assertThatThrownBy(() -> Account.open(new CustomerId("cust-1"), eur("-0.01")))
                .isInstanceOf(InvalidCreditLimit.class);
    }

    @Test
    void computesAvailableCreditAsLimitLessReservedAndUsed() {
        Account account = anAccount()
                .withCreditLimit("500.00")
                .withReserved("120.50")
                .withUsed("79.50")
                .build();

        assertThat(account.available()).isEqualTo(eur("300.00"));
        assertThat(account.committed()).isEqualTo(eur("200.00"));
    }

    @Test
    void reservesAvailableCredit() {
        Account account =
                anAccount().withCreditLimit("500.00").withReserved("100.00").build();

        account.reserve(eur("150.00"));

        assertThat(account.reserved()).isEqualTo(eur("250.00"));
        assertThat(account.available()).isEqualTo(eur("250.00"));
    }

    @Test
    void reservesExactlyTheAvailableCredit() {
        Account account =
                anAccount().withCreditLimit("500.00").withUsed("400.00").build();

        account.reserve(eur("100.00"));

        assertThat(account.available()).isEqualTo(eur("0.00"));
    }

    @Test
    void refusesToReserveMoreThanIsAvailable() {
        Account account =
                anAccount().withCreditLimit("500.00").withUsed("400.00").build();

        assertThat(account.canReserve(eur("100.01"))).isFalse();
        assertThatThrownBy(() -> account.reserve(eur("100.01"))).isInstanceOf(InsufficientCredit.class);
        assertThat(account.reserved()).isEqualTo(eur("0.00"));
    }

    @Test
    void refusesToReserveAnotherCurrency() {
        Account account = anAccount().build();

        assertThatThrownBy(() -> account.reserve(new Money(BigDecimal.ONE, Currency.getInstance("USD"))))
                .isInstanceOf(CurrencyMismatch.class);
    }

    @Test
    void releasesAReservation() {
        Account account = anAccount().withReserved("300.00").build();

        account.releaseReservation(eur("100.00"));

        assertThat(account.reserved()).isEqualTo(eur("200.00"));
        assertThat(account.used()).isEqualTo(eur("0.00"));
    }

    @Test
    void capturesAReservationAsUsedCredit() {
        Account account = anAccount()
                .withCreditLimit("500.00")
                .withReserved("300.00")
                .withUsed("50.00")
                .build();

        account.captureReservation(eur("100.00"));

        assertThat(account.reserved()).isEqualTo(eur("200.00"));
        assertThat(account.used()).isEqualTo(eur("150.00"));
        assertThat(account.available()).isEqualTo(eur("150.00"));
    }

    @Test
    void refusesToSettleMoreThanIsReserved() {
        Account account = anAccount().withReserved("50.00").build();

        assertThatThrownBy(() -> account.releaseReservation(eur("50.01"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> account.captureReservation(eur("50.01"))).isInstanceOf(IllegalStateException.class);
        assertThat(account.reserved()).isEqualTo(eur("50.00"));
    }

    @Test
    void raisesAndLowersTheCreditLimit() {
        Account account =
                anAccount().withCreditLimit("500.00").withReserved("100.00").build();

        account.changeCreditLimit(eur("900.00"));
        assertThat(account.available()).isEqualTo(eur("800.00"));

        account.changeCreditLimit(eur("100.00"));
        assertThat(account.available()).isEqualTo(eur("0.00"));
    }

    @Test
    void refusesALimitBelowReservedAndUsedCredit() {
        Account account = anAccount()
                .withCreditLimit("500.00")
                .withReserved("100.00")
                .withUsed("100.00")
                .build();

        assertThatThrownBy(() -> account.changeCreditLimit(eur("199.99")))
                .isInstanceOf(CreditLimitBelowCommitment.class)
                .hasMessageContaining("200.00");
        assertThat(account.creditLimit()).isEqualTo(eur("500.00"));
    }

    @Test
    void refusesANegativeLimitChange() {
        Account account = anAccount().build();

        assertThatThrownBy(() -> account.changeCreditLimit(eur("-1.00"))).isInstanceOf(InvalidCreditLimit.class);
    }

    @Test
    void refusesToRestoreBalancesBeyondTheLimit() {
        assertThatThrownBy(() -> anAccount()
                        .withCreditLimit("100.00")
                        .withReserved("60.00")
                        .withUsed("50.00")
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }
}
