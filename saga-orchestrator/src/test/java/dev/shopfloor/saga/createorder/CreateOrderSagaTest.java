package dev.shopfloor.saga.createorder;

import static dev.shopfloor.saga.createorder.SagaFixtures.AFTER_DEADLINE;
import static dev.shopfloor.saga.createorder.SagaFixtures.CUSTOMER;
import static dev.shopfloor.saga.createorder.SagaFixtures.DEADLINES;
import static dev.shopfloor.saga.createorder.SagaFixtures.LINES;
import static dev.shopfloor.saga.createorder.SagaFixtures.NOW;
import static dev.shopfloor.saga.createorder.SagaFixtures.ORDER;
import static dev.shopfloor.saga.createorder.SagaFixtures.STEP_TIMEOUT;
import static dev.shopfloor.saga.createorder.SagaFixtures.TOTAL;
import static dev.shopfloor.saga.createorder.SagaFixtures.aSaga;
import static dev.shopfloor.saga.createorder.SagaFixtures.everyEvent;
import static dev.shopfloor.saga.createorder.SagaFixtures.orderApproved;
import static dev.shopfloor.saga.createorder.SagaFixtures.orderCreated;
import static dev.shopfloor.saga.createorder.SagaFixtures.orderRejected;
import static dev.shopfloor.saga.createorder.SagaFixtures.paymentAuthorized;
import static dev.shopfloor.saga.createorder.SagaFixtures.paymentCaptured;
import static dev.shopfloor.saga.createorder.SagaFixtures.paymentDeclined;
import static dev.shopfloor.saga.createorder.SagaFixtures.paymentVoided;
import static dev.shopfloor.saga.createorder.SagaFixtures.stockCommitted;
import static dev.shopfloor.saga.createorder.SagaFixtures.stockReleased;
import static dev.shopfloor.saga.createorder.SagaFixtures.stockReserved;
import static dev.shopfloor.saga.createorder.SagaFixtures.stockUnavailable;
import static dev.shopfloor.saga.createorder.SagaScenario.given;
import static dev.shopfloor.saga.createorder.SagaState.APPROVAL_FAILED;
import static dev.shopfloor.saga.createorder.SagaState.APPROVING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.AUTHORIZING_PAYMENT;
import static dev.shopfloor.saga.createorder.SagaState.COMPENSATED;
import static dev.shopfloor.saga.createorder.SagaState.COMPENSATION_FAILED;
import static dev.shopfloor.saga.createorder.SagaState.COMPLETED;
import static dev.shopfloor.saga.createorder.SagaState.REJECTING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.RELEASING_STOCK;
import static dev.shopfloor.saga.createorder.SagaState.RESERVING_STOCK;
import static dev.shopfloor.saga.createorder.SagaState.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.saga.createorder.CreateOrderSaga.Transition;
import dev.shopfloor.saga.createorder.Decision.Outcome;
import dev.shopfloor.saga.createorder.SagaCommand.ApproveOrder;
import dev.shopfloor.saga.createorder.SagaCommand.AuthorizePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CapturePayment;
import dev.shopfloor.saga.createorder.SagaCommand.CommitStock;
import dev.shopfloor.saga.createorder.SagaCommand.Kind;
import dev.shopfloor.saga.createorder.SagaCommand.RejectOrder;
import dev.shopfloor.saga.createorder.SagaCommand.ReleaseStock;
import dev.shopfloor.saga.createorder.SagaCommand.ReserveStock;
import dev.shopfloor.saga.createorder.SagaCommand.VoidPayment;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentAuthorized;
import dev.shopfloor.saga.createorder.SagaEvent.StockReserved;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CreateOrderSagaTest {

    @Nested
    class Starting {

        @Test
        void startsBySendingReserveStockForEveryLine() {
            SagaId id = SagaId.random();
            var order = new SagaEvent.OrderCreated(
                    ORDER, CUSTOMER, List.of(new OrderLine("KB-MECH-87", 1), new OrderLine("PAD-XL", 2)), TOTAL);

            Decision decision = CreateOrderSaga.start(id, order, NOW, DEADLINES);

            assertThat(decision.from()).isEqualTo(STARTED);
            assertThat(decision.outcome()).isEqualTo(Outcome.MOVED);
            assertThat(decision.state()).isEqualTo(RESERVING_STOCK);
            assertThat(decision.commands())
                    .containsExactly(new ReserveStock(
                            ORDER, List.of(new OrderLine("KB-MECH-87", 1), new OrderLine("PAD-XL", 2))));
        }

        @Test
        void remembersWhatTheLaterStepsNeed() {
            SagaId id = SagaId.random();

            CreateOrderSaga saga =
                    CreateOrderSaga.start(id, orderCreated(), NOW, DEADLINES).saga();

            assertThat(saga.id()).isEqualTo(id);
            assertThat(saga.orderId()).isEqualTo(ORDER);
            assertThat(saga.customerId()).isEqualTo(CUSTOMER);
            assertThat(saga.total()).isEqualTo(TOTAL);
            assertThat(saga.items()).isEqualTo(LINES);
            assertThat(saga.rejectionReason()).isEmpty();
            assertThat(saga.version()).isZero();
        }

        @Test
        void givesTheStockReservationADeadline() {
            CreateOrderSaga saga = CreateOrderSaga.start(SagaId.random(), orderCreated(), NOW, DEADLINES)
                    .saga();

            assertThat(saga.deadlineAt()).contains(NOW.plus(STEP_TIMEOUT));
        }
    }

    @Nested
    class GoingForward {

        @Test
        void authorizesTheOrderTotalWhenStockIsReserved() {
            given(aSaga().in(RESERVING_STOCK).forCustomer("cust-1042").withTotal("153.90"))
                    .when(stockReserved())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(AUTHORIZING_PAYMENT)
                    .expectCommands(new AuthorizePayment(ORDER, new CustomerId("cust-1042"), Money.of("153.90", "EUR")))
                    .expectFreshDeadline();
        }

        @Test
        void commitsStockCapturesPaymentAndApprovesOrderWhenPaymentIsAuthorized() {
            given(aSaga().in(AUTHORIZING_PAYMENT))
                    .when(paymentAuthorized())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(APPROVING_ORDER)
                    .expectCommands(new CommitStock(ORDER), new CapturePayment(ORDER), new ApproveOrder(ORDER))
                    .expectFreshDeadline();
        }

        @Test
        void waitsForEveryReplyOfTheApprovalStep() {
            given(aSaga().in(APPROVING_ORDER))
                    .when(orderApproved())
                    .expectOutcome(Outcome.NOTED)
                    .expectState(APPROVING_ORDER)
                    .expectNoCommands()
                    .expectAwaiting(Kind.COMMIT_STOCK, Kind.CAPTURE_PAYMENT);
        }

        @Test
        void completesWithTheLastReplyOfTheApprovalStep() {
            given(aSaga().in(APPROVING_ORDER).awaiting(Kind.CAPTURE_PAYMENT))
                    .when(paymentCaptured())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(COMPLETED)
                    .expectNoCommands()
                    .expectNoRejectionReason()
                    .expectAwaiting()
                    .expectNoDeadline();
        }

        @Test
        void keepsTheStepsDeadlineWhileRepliesArrive() {
            given(aSaga().in(APPROVING_ORDER))
                    .when(stockCommitted())
                    .expectDeadline(NOW.minusSeconds(5).plus(STEP_TIMEOUT));
        }

        @Test
        void awaitsTheRepliesOfTheCommandsItSends() {
            given(aSaga().in(AUTHORIZING_PAYMENT))
                    .when(paymentAuthorized())
                    .expectAwaiting(Kind.COMMIT_STOCK, Kind.CAPTURE_PAYMENT, Kind.APPROVE_ORDER)
                    .expectRetries(0);
        }
    }

    @Nested
    class Compensating {

        @Test
        void rejectsOrderAsOutOfStockWhenStockIsUnavailable() {
            given(aSaga().in(RESERVING_STOCK))
                    .when(stockUnavailable())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(REJECTING_ORDER)
                    .expectCommands(new RejectOrder(ORDER, RejectionReason.OUT_OF_STOCK))
                    .expectRejectionReason(RejectionReason.OUT_OF_STOCK)
                    .expectFreshDeadline();
        }

        @Test
        void releasesStockWhenPaymentIsDeclined() {
            given(aSaga().in(AUTHORIZING_PAYMENT))
                    .when(paymentDeclined())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(RELEASING_STOCK)
                    .expectCommands(new ReleaseStock(ORDER))
                    .expectRejectionReason(RejectionReason.PAYMENT_DECLINED)
                    .expectFreshDeadline();
        }

        @Test
        void rejectsOrderWithTheRememberedReasonWhenStockIsReleased() {
            given(aSaga().in(RELEASING_STOCK).rejectedFor(RejectionReason.PAYMENT_DECLINED))
                    .when(stockReleased())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(REJECTING_ORDER)
                    .expectCommands(new RejectOrder(ORDER, RejectionReason.PAYMENT_DECLINED))
                    .expectRejectionReason(RejectionReason.PAYMENT_DECLINED)
                    .expectFreshDeadline();
        }

        @Test
        void rejectsOrderForATimeoutWhenStockReleasedAfterATimeout() {
            given(aSaga().in(RELEASING_STOCK).rejectedFor(RejectionReason.TIMEOUT))
                    .when(stockReleased())
                    .expectState(REJECTING_ORDER)
                    .expectCommands(new RejectOrder(ORDER, RejectionReason.TIMEOUT));
        }

        @Test
        void isCompensatedWhenOrderIsRejected() {
            given(aSaga().in(REJECTING_ORDER).rejectedFor(RejectionReason.OUT_OF_STOCK))
                    .when(orderRejected())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(COMPENSATED)
                    .expectNoCommands()
                    .expectRejectionReason(RejectionReason.OUT_OF_STOCK)
                    .expectNoDeadline();
        }
    }

    @Nested
    class NotingInformationalReplies {

        @Test
        void notesAStockCommittedThatNoStepAwaits() {
            given(aSaga().in(APPROVING_ORDER).awaiting(Kind.APPROVE_ORDER))
                    .when(stockCommitted())
                    .expectOutcome(Outcome.NOTED)
                    .expectNoCommands()
                    .expectUnchangedSaga();
        }

        @Test
        void notesAPaymentCapturedThatNoStepAwaits() {
            given(aSaga().in(APPROVING_ORDER).awaiting(Kind.APPROVE_ORDER))
                    .when(paymentCaptured())
                    .expectOutcome(Outcome.NOTED)
                    .expectNoCommands()
                    .expectUnchangedSaga();
        }

        @Test
        void notesPaymentVoidedWithoutMoving() {
            given(aSaga().in(COMPENSATED).rejectedFor(RejectionReason.PAYMENT_DECLINED))
                    .when(paymentVoided())
                    .expectOutcome(Outcome.NOTED)
                    .expectNoCommands()
                    .expectUnchangedSaga();
        }

        @Test
        void notesStockCommittedThatArrivesAfterCompletion() {
            given(aSaga().in(COMPLETED))
                    .when(stockCommitted())
                    .expectOutcome(Outcome.NOTED)
                    .expectUnchangedSaga();
        }
    }

    @Nested
    class LateAuthorizations {

        @Test
        void voidsLateAuthorization() {
            given(aSaga().in(REJECTING_ORDER).rejectedFor(RejectionReason.TIMEOUT))
                    .when(paymentAuthorized())
                    .expectOutcome(Outcome.NOTED)
                    .expectCommands(new VoidPayment(ORDER))
                    .expectUnchangedSaga();
        }

        @ParameterizedTest
        @EnumSource(
                value = SagaState.class,
                names = {"RESERVING_STOCK", "RELEASING_STOCK", "REJECTING_ORDER", "COMPENSATED"})
        void voidsAnAuthorizationWheneverNoCaptureWasSent(SagaState state) {
            given(aSaga().in(state))
                    .when(paymentAuthorized())
                    .expectCommands(new VoidPayment(ORDER))
                    .expectUnchangedSaga();
        }

        @ParameterizedTest
        @EnumSource(
                value = SagaState.class,
                names = {"APPROVING_ORDER", "COMPLETED"})
        void ignoresDuplicateAuthorizationOnceCaptureWasSent(SagaState state) {
            given(aSaga().in(state)).when(paymentAuthorized()).expectIgnored();
        }
    }

    @Nested
    class LateReservations {

        @ParameterizedTest
        @EnumSource(
                value = SagaState.class,
                names = {"RELEASING_STOCK", "REJECTING_ORDER", "COMPENSATED"})
        void releasesAReservationThatArrivesWhileOrAfterCompensating(SagaState state) {
            given(aSaga().in(state).rejectedFor(RejectionReason.TIMEOUT))
                    .when(stockReserved())
                    .expectOutcome(Outcome.NOTED)
                    .expectCommands(new ReleaseStock(ORDER))
                    .expectUnchangedSaga();
        }

        @Test
        void releasesALateReservationOfAParkedSaga() {
            given(aSaga().parked(COMPENSATION_FAILED, REJECTING_ORDER).rejectedFor(RejectionReason.TIMEOUT))
                    .when(stockReserved())
                    .expectCommands(new ReleaseStock(ORDER))
                    .expectUnchangedSaga();
        }

        @ParameterizedTest
        @EnumSource(
                value = SagaState.class,
                names = {"AUTHORIZING_PAYMENT", "APPROVING_ORDER", "COMPLETED"})
        void keepsAReservationTheSagaStillUses(SagaState state) {
            given(aSaga().in(state)).when(stockReserved()).expectIgnored();
        }

        @Test
        void voidsALateAuthorizationAfterTheAuthorizationTimedOut() {
            given(aSaga().in(REJECTING_ORDER)
                            .rejectedFor(RejectionReason.TIMEOUT)
                            .awaiting(Kind.VOID_PAYMENT, Kind.RELEASE_STOCK, Kind.REJECT_ORDER))
                    .when(paymentAuthorized())
                    .expectCommands(new VoidPayment(ORDER))
                    .expectUnchangedSaga();
        }
    }

    @Nested
    class MissedDeadlines {

        @Test
        void releasesStockAndRejectsTheOrderForATimeoutWhenStockIsNotReservedInTime() {
            given(aSaga().in(RESERVING_STOCK))
                    .whenDeadlinePasses()
                    .expectOutcome(Outcome.MOVED)
                    .expectState(REJECTING_ORDER)
                    .expectCommands(new ReleaseStock(ORDER), new RejectOrder(ORDER, RejectionReason.TIMEOUT))
                    .expectRejectionReason(RejectionReason.TIMEOUT)
                    .expectAwaiting(Kind.RELEASE_STOCK, Kind.REJECT_ORDER)
                    .expectDeadline(AFTER_DEADLINE.plus(STEP_TIMEOUT));
        }

        @Test
        void voidsPaymentReleasesStockAndRejectsTheOrderWhenPaymentIsNotAuthorizedInTime() {
            given(aSaga().in(AUTHORIZING_PAYMENT))
                    .whenDeadlinePasses()
                    .expectOutcome(Outcome.MOVED)
                    .expectState(REJECTING_ORDER)
                    .expectCommands(
                            new VoidPayment(ORDER),
                            new ReleaseStock(ORDER),
                            new RejectOrder(ORDER, RejectionReason.TIMEOUT))
                    .expectRejectionReason(RejectionReason.TIMEOUT)
                    .expectAwaiting(Kind.VOID_PAYMENT, Kind.RELEASE_STOCK, Kind.REJECT_ORDER);
        }

        @Test
        void isCompensatedOnlyWhenEveryCompensationOfATimeoutIsConfirmed() {
            var saga = aSaga().in(REJECTING_ORDER)
                    .rejectedFor(RejectionReason.TIMEOUT)
                    .awaiting(Kind.VOID_PAYMENT, Kind.RELEASE_STOCK, Kind.REJECT_ORDER);

            given(saga)
                    .when(orderRejected())
                    .expectState(REJECTING_ORDER)
                    .expectAwaiting(Kind.VOID_PAYMENT, Kind.RELEASE_STOCK);
            given(saga.awaiting(Kind.RELEASE_STOCK, Kind.REJECT_ORDER))
                    .when(stockReleased())
                    .expectState(REJECTING_ORDER)
                    .expectAwaiting(Kind.REJECT_ORDER);
            given(saga.awaiting(Kind.VOID_PAYMENT))
                    .when(paymentVoided())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(COMPENSATED)
                    .expectRejectionReason(RejectionReason.TIMEOUT)
                    .expectNoDeadline();
        }

        @Test
        void usesTheStepsOwnTimeout() {
            Deadlines deadlines = new Deadlines(
                    STEP_TIMEOUT,
                    java.util.Map.of(AUTHORIZING_PAYMENT, Duration.ofSeconds(5)),
                    3,
                    2.0,
                    Duration.ofMinutes(1));

            Decision decision = aSaga().in(RESERVING_STOCK).build().handle(stockReserved(), NOW, deadlines);

            assertThat(decision.saga().deadlineAt()).contains(NOW.plusSeconds(5));
        }

        @Test
        void doesNothingBeforeTheDeadline() {
            given(aSaga().in(RESERVING_STOCK))
                    .whenSweptAt(NOW)
                    .expectOutcome(Outcome.IGNORED)
                    .expectNoCommands()
                    .expectUnchangedSaga();
        }

        @ParameterizedTest
        @EnumSource(
                value = SagaState.class,
                names = {"COMPLETED", "COMPENSATED"})
        void hasNoDeadlineWhenFinal(SagaState state) {
            given(aSaga().in(state))
                    .whenSweptAt(AFTER_DEADLINE.plusSeconds(3600))
                    .expectIgnored();
        }

        @Test
        void hasNoDeadlineWhenParked() {
            given(aSaga().parked(COMPENSATION_FAILED, RELEASING_STOCK))
                    .whenSweptAt(AFTER_DEADLINE.plusSeconds(3600))
                    .expectIgnored();
        }

        @Test
        void resendsTheUnansweredApprovalCommandsInsteadOfCompensating() {
            given(aSaga().in(APPROVING_ORDER).awaiting(Kind.CAPTURE_PAYMENT, Kind.APPROVE_ORDER))
                    .whenDeadlinePasses()
                    .expectOutcome(Outcome.NOTED)
                    .expectState(APPROVING_ORDER)
                    .expectCommands(new CapturePayment(ORDER), new ApproveOrder(ORDER))
                    .expectNoRejectionReason()
                    .expectRetries(1)
                    .expectDeadline(AFTER_DEADLINE.plusSeconds(60));
        }
    }

    @Nested
    class FailedCompensations {

        @Test
        void resendsReleaseStockWhenNoReplyCameInTime() {
            given(aSaga().in(RELEASING_STOCK).rejectedFor(RejectionReason.PAYMENT_DECLINED))
                    .whenDeadlinePasses()
                    .expectOutcome(Outcome.NOTED)
                    .expectState(RELEASING_STOCK)
                    .expectCommands(new ReleaseStock(ORDER))
                    .expectRetries(1)
                    .expectDeadline(AFTER_DEADLINE.plusSeconds(60));
        }

        @Test
        void resendsOnlyTheCompensationsStillUnanswered() {
            given(aSaga().in(REJECTING_ORDER)
                            .rejectedFor(RejectionReason.TIMEOUT)
                            .awaiting(Kind.VOID_PAYMENT, Kind.REJECT_ORDER))
                    .whenDeadlinePasses()
                    .expectCommands(new VoidPayment(ORDER), new RejectOrder(ORDER, RejectionReason.TIMEOUT))
                    .expectAwaiting(Kind.VOID_PAYMENT, Kind.REJECT_ORDER);
        }

        @Test
        void waitsLongerAfterEachResendUpToTheLongestWait() {
            given(aSaga().in(REJECTING_ORDER)
                            .rejectedFor(RejectionReason.OUT_OF_STOCK)
                            .afterRetries(1))
                    .whenDeadlinePasses()
                    .expectRetries(2)
                    .expectDeadline(AFTER_DEADLINE.plusSeconds(90));
            assertThat(DEADLINES.retryWait(REJECTING_ORDER, 1)).isEqualTo(Duration.ofSeconds(60));
            assertThat(DEADLINES.retryWait(REJECTING_ORDER, 2)).isEqualTo(Duration.ofSeconds(90));
        }

        @Test
        void parksInCompensationFailedWhenTheRetriesRunOut() {
            given(aSaga().in(RELEASING_STOCK)
                            .rejectedFor(RejectionReason.PAYMENT_DECLINED)
                            .afterRetries(DEADLINES.maxRetries()))
                    .whenDeadlinePasses()
                    .expectOutcome(Outcome.MOVED)
                    .expectState(COMPENSATION_FAILED)
                    .expectParkedIn(RELEASING_STOCK)
                    .expectNoCommands()
                    .expectNoDeadline()
                    .expectAwaiting(Kind.RELEASE_STOCK)
                    .expectRejectionReason(RejectionReason.PAYMENT_DECLINED);
        }

        @Test
        void parksARejectionWhoseRepliesNeverCame() {
            given(aSaga().in(REJECTING_ORDER)
                            .rejectedFor(RejectionReason.TIMEOUT)
                            .afterRetries(DEADLINES.maxRetries()))
                    .whenDeadlinePasses()
                    .expectState(COMPENSATION_FAILED)
                    .expectParkedIn(REJECTING_ORDER);
        }

        @Test
        void parksAnApprovalInApprovalFailedWhenTheRetriesRunOut() {
            given(aSaga().in(APPROVING_ORDER).afterRetries(DEADLINES.maxRetries()))
                    .whenDeadlinePasses()
                    .expectState(APPROVAL_FAILED)
                    .expectParkedIn(APPROVING_ORDER)
                    .expectNoCommands()
                    .expectNoDeadline();
        }

        @Test
        void parksAtTheFirstDeadlineWithoutRetries() {
            CreateOrderSaga saga = aSaga().in(RELEASING_STOCK)
                    .rejectedFor(RejectionReason.PAYMENT_DECLINED)
                    .build();

            Decision decision = saga.deadlinePassed(
                    AFTER_DEADLINE, new Deadlines(STEP_TIMEOUT, java.util.Map.of(), 0, 2.0, Duration.ofMinutes(1)));

            assertThat(decision.state()).isEqualTo(COMPENSATION_FAILED);
        }

        @Test
        void movesOnWhenTheLateReplyOfAParkedStepArrives() {
            given(aSaga().parked(COMPENSATION_FAILED, RELEASING_STOCK).rejectedFor(RejectionReason.PAYMENT_DECLINED))
                    .when(stockReleased())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(REJECTING_ORDER)
                    .expectCommands(new RejectOrder(ORDER, RejectionReason.PAYMENT_DECLINED))
                    .expectNotParked()
                    .expectRetries(0)
                    .expectFreshDeadline();
        }

        @Test
        void staysParkedWhileOtherRepliesOfTheParkedStepAreMissing() {
            given(aSaga().parked(COMPENSATION_FAILED, REJECTING_ORDER)
                            .rejectedFor(RejectionReason.TIMEOUT)
                            .awaiting(Kind.RELEASE_STOCK, Kind.REJECT_ORDER))
                    .when(orderRejected())
                    .expectOutcome(Outcome.NOTED)
                    .expectState(COMPENSATION_FAILED)
                    .expectParkedIn(REJECTING_ORDER)
                    .expectAwaiting(Kind.RELEASE_STOCK)
                    .expectNoDeadline();
        }

        @Test
        void completesAParkedApprovalWhenItsLastReplyArrives() {
            given(aSaga().parked(APPROVAL_FAILED, APPROVING_ORDER).awaiting(Kind.APPROVE_ORDER))
                    .when(orderApproved())
                    .expectState(COMPLETED)
                    .expectNotParked();
        }

        @Test
        void resendsTheParkedStepsCommandsWhenAnOperatorRetries() {
            given(aSaga().parked(COMPENSATION_FAILED, REJECTING_ORDER)
                            .rejectedFor(RejectionReason.TIMEOUT)
                            .awaiting(Kind.RELEASE_STOCK, Kind.REJECT_ORDER))
                    .whenOperatorRetries()
                    .expectOutcome(Outcome.MOVED)
                    .expectState(REJECTING_ORDER)
                    .expectCommands(new ReleaseStock(ORDER), new RejectOrder(ORDER, RejectionReason.TIMEOUT))
                    .expectNotParked()
                    .expectRetries(0)
                    .expectDeadline(AFTER_DEADLINE.plus(STEP_TIMEOUT));
        }

        @Test
        void retriesAParkedApproval() {
            given(aSaga().parked(APPROVAL_FAILED, APPROVING_ORDER).awaiting(Kind.COMMIT_STOCK))
                    .whenOperatorRetries()
                    .expectState(APPROVING_ORDER)
                    .expectCommands(new CommitStock(ORDER));
        }

        @ParameterizedTest
        @EnumSource(
                value = SagaState.class,
                names = {"COMPENSATION_FAILED", "APPROVAL_FAILED"},
                mode = EnumSource.Mode.EXCLUDE)
        void refusesToRetryASagaThatIsNotParked(SagaState state) {
            CreateOrderSaga saga = aSaga().in(state).build();

            assertThatThrownBy(() -> saga.retry(AFTER_DEADLINE, DEADLINES))
                    .isInstanceOf(SagaNotParked.class)
                    .hasMessageContaining(state.name());
        }
    }

    @Nested
    class IgnoringOutOfStepReplies {

        @Test
        void ignoresDuplicateStockReserved() {
            given(aSaga().in(AUTHORIZING_PAYMENT)).when(stockReserved()).expectIgnored();
        }

        @Test
        void ignoresDuplicateOrderCreated() {
            given(aSaga().in(RESERVING_STOCK)).when(orderCreated()).expectIgnored();
        }

        @Test
        void ignoresStockUnavailableAfterStockWasReserved() {
            given(aSaga().in(AUTHORIZING_PAYMENT)).when(stockUnavailable()).expectIgnored();
        }

        @Test
        void ignoresLatePaymentDeclinedAfterApproval() {
            given(aSaga().in(APPROVING_ORDER)).when(paymentDeclined()).expectIgnored();
        }

        @Test
        void ignoresDuplicatePaymentDeclined() {
            given(aSaga().in(RELEASING_STOCK).rejectedFor(RejectionReason.PAYMENT_DECLINED))
                    .when(paymentDeclined())
                    .expectIgnored();
        }

        @Test
        void ignoresStockReleasedThatNoStepAskedFor() {
            given(aSaga().in(AUTHORIZING_PAYMENT)).when(stockReleased()).expectIgnored();
        }

        @Test
        void ignoresDuplicateOrderApproved() {
            given(aSaga().in(COMPLETED)).when(orderApproved()).expectIgnored();
        }

        @Test
        void ignoresDuplicateOrderRejected() {
            given(aSaga().in(COMPENSATED).rejectedFor(RejectionReason.OUT_OF_STOCK))
                    .when(orderRejected())
                    .expectIgnored();
        }

        @ParameterizedTest(name = "{0} ignores {1}")
        @MethodSource("dev.shopfloor.saga.createorder.CreateOrderSagaTest#outOfStepPairs")
        void ignoresEveryEventOutsideTheTransitionTable(SagaState state, SagaEvent event) {
            given(aSaga().in(state)).when(event).expectIgnored();
        }
    }

    @Nested
    class TransitionTable {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.shopfloor.saga.createorder.CreateOrderSagaTest#transitions")
        void takesEveryRowOfTheTable(Transition row) {
            SagaEvent event = everyEvent().stream()
                    .filter(row.on()::isInstance)
                    .findFirst()
                    .orElseThrow();

            var saga = aSaga().in(row.from()).rejectedFor(RejectionReason.PAYMENT_DECLINED);
            CreateOrderSaga.answers(event).ifPresent(saga::awaiting);

            given(saga).when(event).expectOutcome(Outcome.MOVED).expectState(row.to());
        }

        @Test
        void leavesNoStateBehindExceptTheFinalAndParkedOnes() {
            Set<SagaState> left = Set.copyOf(
                    CreateOrderSaga.TRANSITIONS.stream().map(Transition::from).toList());

            assertThat(left)
                    .containsExactlyInAnyOrder(Arrays.stream(SagaState.values())
                            .filter(state -> !state.isFinal() && !state.isParked())
                            .toArray(SagaState[]::new));
        }

        @Test
        void givesEveryWaitingStepADeadlineRule() {
            assertThat(CreateOrderSaga.ON_DEADLINE.stream().map(CreateOrderSaga.OnDeadline::step))
                    .containsExactlyInAnyOrder(Arrays.stream(SagaState.values())
                            .filter(state -> state != STARTED && !state.isFinal() && !state.isParked())
                            .toArray(SagaState[]::new));
        }

        @Test
        void compensatesOnlyBeforeThePivot() {
            assertThat(CreateOrderSaga.ON_DEADLINE.stream()
                            .filter(rule -> rule.to() == REJECTING_ORDER)
                            .map(CreateOrderSaga.OnDeadline::step))
                    .containsExactlyInAnyOrder(RESERVING_STOCK, AUTHORIZING_PAYMENT);
        }

        @Test
        void refusesAnEventOfAnotherOrder() {
            CreateOrderSaga saga = aSaga().in(RESERVING_STOCK).build();

            assertThatThrownBy(() -> saga.handle(new SagaEvent.StockReserved(new OrderId(42)), NOW, DEADLINES))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("42");
        }
    }

    @Nested
    class WholeSagas {

        @Test
        void approvesAnOrderFromStartToEnd() {
            Decision decision = CreateOrderSaga.start(SagaId.random(), orderCreated(), NOW, DEADLINES);
            for (SagaEvent reply : List.of(
                    stockReserved(), paymentAuthorized(), stockCommitted(), paymentCaptured(), orderApproved())) {
                decision = decision.saga().handle(reply, NOW, DEADLINES);
            }

            assertThat(decision.state()).isEqualTo(COMPLETED);
            assertThat(decision.saga().rejectionReason()).isEmpty();
        }

        @Test
        void compensatesADeclinedPaymentFromStartToEnd() {
            Decision decision = CreateOrderSaga.start(SagaId.random(), orderCreated(), NOW, DEADLINES);
            for (SagaEvent reply : List.of(stockReserved(), paymentDeclined(), stockReleased(), orderRejected())) {
                decision = decision.saga().handle(reply, NOW, DEADLINES);
            }

            assertThat(decision.state()).isEqualTo(COMPENSATED);
            assertThat(decision.saga().rejectionReason()).contains(RejectionReason.PAYMENT_DECLINED);
        }
    }

    static Stream<Transition> transitions() {
        return CreateOrderSaga.TRANSITIONS.stream();
    }

    /**
     * Every pair of (unparked) state and event that has no row in the table for a reply the state usually awaits,
     * except the informational replies (always noted), an authorization that must be voided and a reservation that
     * must be released.
     */
    static Stream<Arguments> outOfStepPairs() {
        Set<Class<?>> informational =
                Set.of(SagaEvent.StockCommitted.class, SagaEvent.PaymentCaptured.class, SagaEvent.PaymentVoided.class);
        Set<SagaState> compensating = Set.of(RELEASING_STOCK, REJECTING_ORDER, COMPENSATED);
        return Arrays.stream(SagaState.values())
                .filter(state -> state != STARTED && !state.isParked())
                .flatMap(state -> everyEvent().stream().map(event -> Arguments.of(state, event)))
                .filter(pair -> {
                    SagaState state = (SagaState) pair.get()[0];
                    SagaEvent event = (SagaEvent) pair.get()[1];
                    boolean awaited = CreateOrderSaga.answers(event)
                            .map(aSaga().in(state).build().awaiting()::contains)
                            .orElse(true);
                    boolean inTable = awaited
                            && CreateOrderSaga.TRANSITIONS.stream()
                                    .anyMatch(t -> t.from() == state && t.on().isInstance(event));
                    boolean voided =
                            event instanceof PaymentAuthorized && state != APPROVING_ORDER && state != COMPLETED;
                    boolean released = event instanceof StockReserved && compensating.contains(state);
                    return !inTable && !voided && !released && !informational.contains(event.getClass());
                });
    }
}
