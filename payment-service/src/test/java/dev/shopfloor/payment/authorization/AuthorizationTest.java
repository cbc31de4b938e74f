package dev.shopfloor.payment.authorization;

import static dev.shopfloor.payment.account.AccountBuilder.anAccount;
import static dev.shopfloor.payment.account.TestMoney.eur;
import static dev.shopfloor.payment.authorization.AuthorizationBuilder.anAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.payment.account.Account;
import dev.shopfloor.payment.account.CustomerId;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

    private static final OrderId ORDER = new OrderId(7231048572910592001L);

    @Test
    void authorizesAndReservesWhenTheAvailableCreditCoversTheAmount() {
        Account account =
                anAccount().withCreditLimit("500.00").withUsed("300.00").build();

        Authorization authorization = Authorization.requestAgainst(account, ORDER, eur("200.00"));

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(authorization.holdsReservation()).isTrue();
        assertThat(authorization.declineReason()).isEmpty();
        assertThat(account.reserved()).isEqualTo(eur("200.00"));
        assertThat(account.available()).isEqualTo(eur("0.00"));
    }

    @Test
    void declinesForInsufficientCreditAndLeavesTheAccountUntouched() {
        Account account =
                anAccount().withCreditLimit("500.00").withReserved("300.00").build();

        Authorization authorization = Authorization.requestAgainst(account, ORDER, eur("200.01"));

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.DECLINED);
        assertThat(authorization.declineReason()).contains(DeclineReason.INSUFFICIENT_CREDIT);
        assertThat(authorization.holdsReservation()).isFalse();
        assertThat(account.reserved()).isEqualTo(eur("300.00"));
    }

    @Test
    void declinesWithoutAnAccount() {
        Authorization authorization =
                Authorization.declineWithoutAccount(ORDER, new CustomerId("nobody"), eur("10.00"));

        assertThat(authorization.isDeclined()).isTrue();
        assertThat(authorization.declineReason()).contains(DeclineReason.NO_ACCOUNT);
    }

    @Test
    void refusesANegativeAmount() {
        Account account = anAccount().build();

        assertThatThrownBy(() -> Authorization.requestAgainst(account, ORDER, eur("-1.00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(account.reserved()).isEqualTo(eur("0.00"));
    }

    @Test
    void voidsAnAuthorizedPayment() {
        Authorization authorization = anAuthorization().build();

        authorization.markVoided();

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.VOIDED);
        assertThat(authorization.holdsReservation()).isFalse();
    }

    @Test
    void voidsAVoidedPaymentAgainWithoutChange() {
        Authorization authorization = anAuthorization().voided().build();

        authorization.markVoided();

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.VOIDED);
    }

    @Test
    void acceptsAVoidOfADeclinedPaymentAndStaysDeclined() {
        Authorization authorization =
                anAuthorization().declined(DeclineReason.INSUFFICIENT_CREDIT).build();

        authorization.markVoided();

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.DECLINED);
        assertThat(authorization.declineReason()).contains(DeclineReason.INSUFFICIENT_CREDIT);
    }

    @Test
    void refusesToVoidACapturedPayment() {
        Authorization authorization = anAuthorization().captured().build();

        assertThatThrownBy(authorization::markVoided)
                .isInstanceOf(IllegalAuthorizationTransition.class)
                .hasMessageContaining("CAPTURED");
        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.CAPTURED);
    }

    @Test
    void capturesAnAuthorizedPayment() {
        Authorization authorization = anAuthorization().build();

        authorization.markCaptured();

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.CAPTURED);
        assertThat(authorization.holdsReservation()).isFalse();
    }

    @Test
    void capturesACapturedPaymentAgainWithoutChange() {
        Authorization authorization = anAuthorization().captured().build();

        authorization.markCaptured();

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.CAPTURED);
    }

    @Test
    void refusesToCaptureAVoidedPayment() {
        Authorization authorization = anAuthorization().voided().build();

        assertThatThrownBy(authorization::markCaptured)
                .isInstanceOf(IllegalAuthorizationTransition.class)
                .hasMessageContaining("VOIDED");
        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.VOIDED);
    }

    @Test
    void refusesToCaptureADeclinedPayment() {
        Authorization authorization =
                anAuthorization().declined(DeclineReason.NO_ACCOUNT).build();

        assertThatThrownBy(authorization::markCaptured).isInstanceOf(IllegalAuthorizationTransition.class);
    }

    @Test
    void refusesADeclineReasonOnAnAuthorizedPayment() {
        assertThatThrownBy(() -> Authorization.restore(
                        ORDER,
                        new CustomerId("cust-1"),
                        eur("1.00"),
                        AuthorizationStatus.AUTHORIZED,
                        DeclineReason.NO_ACCOUNT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
