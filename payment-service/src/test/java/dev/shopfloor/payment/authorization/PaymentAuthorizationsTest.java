package dev.shopfloor.payment.authorization;

import static dev.shopfloor.payment.account.AccountBuilder.anAccount;
import static dev.shopfloor.payment.account.TestMoney.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.payment.account.Account;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.authorization.InMemoryStores.InMemoryAccounts;
import dev.shopfloor.payment.authorization.InMemoryStores.InMemoryAuthorizations;
import org.junit.jupiter.api.Test;

class PaymentAuthorizationsTest {

    private static final CustomerId CUSTOMER = new CustomerId("cust-1");
    private static final OrderId ORDER = new OrderId(101);

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryAuthorizations authorizations = new InMemoryAuthorizations();
    private final PaymentAuthorizations payments = new PaymentAuthorizations(accounts, authorizations);

    @Test
    void declinesWhenTheCustomerHasNoAccount() {
        Authorization authorization = payments.authorize(ORDER, CUSTOMER, eur("10.00"));

        assertThat(authorization.declineReason()).contains(DeclineReason.NO_ACCOUNT);
        assertThat(authorizations.find(ORDER)).isPresent();
    }

    @Test
    void declinesWhenTheAmountExceedsTheAvailableCredit() {
        givenAccount(anAccount().withCreditLimit("500.00").withUsed("450.00").build());

        Authorization authorization = payments.authorize(ORDER, CUSTOMER, eur("50.01"));

        assertThat(authorization.declineReason()).contains(DeclineReason.INSUFFICIENT_CREDIT);
        assertThat(account().reserved()).isEqualTo(eur("0.00"));
    }

    @Test
    void reservesTheAmountWhenAuthorized() {
        givenAccount(anAccount().withCreditLimit("500.00").build());

        Authorization authorization = payments.authorize(ORDER, CUSTOMER, eur("120.00"));

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(account().reserved()).isEqualTo(eur("120.00"));
        assertThat(account().available()).isEqualTo(eur("380.00"));
    }

    @Test
    void reservesOnceWhenTheSameOrderIsAuthorizedTwice() {
        givenAccount(anAccount().withCreditLimit("500.00").build());

        payments.authorize(ORDER, CUSTOMER, eur("120.00"));
        Authorization again = payments.authorize(ORDER, CUSTOMER, eur("120.00"));

        assertThat(again.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(account().reserved()).isEqualTo(eur("120.00"));
        assertThat(authorizations.count()).isEqualTo(1);
    }

    @Test
    void answersTheSameDeclineWhenADeclinedOrderIsAuthorizedAgain() {
        givenAccount(anAccount().withCreditLimit("100.00").build());
        payments.authorize(ORDER, CUSTOMER, eur("150.00"));
        givenAccount(anAccount().withCreditLimit("1000.00").build());

        Authorization again = payments.authorize(ORDER, CUSTOMER, eur("150.00"));

        assertThat(again.declineReason()).contains(DeclineReason.INSUFFICIENT_CREDIT);
        assertThat(account().reserved()).isEqualTo(eur("0.00"));
    }

    @Test
    void releasesTheReservationWhenVoided() {
        givenAccount(anAccount().withCreditLimit("500.00").build());
        payments.authorize(ORDER, CUSTOMER, eur("120.00"));

        payments.voidPayment(ORDER);

        assertThat(authorizations.find(ORDER).orElseThrow().status()).isEqualTo(AuthorizationStatus.VOIDED);
        assertThat(account().reserved()).isEqualTo(eur("0.00"));
        assertThat(account().used()).isEqualTo(eur("0.00"));
    }

    @Test
    void releasesOnceWhenVoidedTwice() {
        givenAccount(anAccount().withCreditLimit("500.00").build());
        payments.authorize(ORDER, CUSTOMER, eur("120.00"));
        payments.authorize(new OrderId(102), CUSTOMER, eur("80.00"));

        payments.voidPayment(ORDER);
        payments.voidPayment(ORDER);

        assertThat(account().reserved()).isEqualTo(eur("80.00"));
    }

    @Test
    void voidsAnOrderWithoutAuthorizationWithoutChangingAnything() {
        givenAccount(anAccount().withCreditLimit("500.00").withReserved("50.00").build());

        assertThat(payments.voidPayment(ORDER)).isEmpty();

        assertThat(account().reserved()).isEqualTo(eur("50.00"));
        assertThat(authorizations.count()).isZero();
    }

    @Test
    void turnsTheReservationIntoUsedCreditWhenCaptured() {
        givenAccount(anAccount().withCreditLimit("500.00").build());
        payments.authorize(ORDER, CUSTOMER, eur("120.00"));

        payments.capture(ORDER);
        payments.capture(ORDER);

        assertThat(authorizations.find(ORDER).orElseThrow().status()).isEqualTo(AuthorizationStatus.CAPTURED);
        assertThat(account().reserved()).isEqualTo(eur("0.00"));
        assertThat(account().used()).isEqualTo(eur("120.00"));
        assertThat(account().available()).isEqualTo(eur("380.00"));
    }

    @Test
    void refusesToCaptureAVoidedPayment() {
        givenAccount(anAccount().withCreditLimit("500.00").build());
        payments.authorize(ORDER, CUSTOMER, eur("120.00"));
        payments.voidPayment(ORDER);

        assertThatThrownBy(() -> payments.capture(ORDER)).isInstanceOf(IllegalAuthorizationTransition.class);
        assertThat(account().used()).isEqualTo(eur("0.00"));
    }

    @Test
    void refusesToVoidACapturedPayment() {
        givenAccount(anAccount().withCreditLimit("500.00").build());
        payments.authorize(ORDER, CUSTOMER, eur("120.00"));
        payments.capture(ORDER);

        assertThatThrownBy(() -> payments.voidPayment(ORDER)).isInstanceOf(IllegalAuthorizationTransition.class);
        assertThat(account().used()).isEqualTo(eur("120.00"));
    }

    @Test
    void refusesToCaptureAnOrderThatWasNeverAuthorized() {
        assertThatThrownBy(() -> payments.capture(ORDER))
                .isInstanceOf(IllegalAuthorizationTransition.class)
                .hasMessageContaining("never authorized");
    }

    @Test
    void refusesToCaptureADeclinedPayment() {
        payments.authorize(ORDER, CUSTOMER, eur("10.00"));

        assertThatThrownBy(() -> payments.capture(ORDER)).isInstanceOf(IllegalAuthorizationTransition.class);
    }

    private void givenAccount(Account account) {
        if (!accounts.add(account)) {
            accounts.update(account);
        }
    }

    private Account account() {
        return accounts.find(CUSTOMER).orElseThrow();
    }
}
