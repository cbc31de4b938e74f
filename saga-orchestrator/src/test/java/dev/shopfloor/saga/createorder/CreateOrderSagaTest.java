package dev.shopfloor.saga.createorder;

import static dev.shopfloor.saga.createorder.SagaFixtures.CUSTOMER;
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
import static dev.shopfloor.saga.createorder.SagaState.APPROVING_ORDER;
import static dev.shopfloor.saga.createorder.SagaState.AUTHORIZING_PAYMENT;
import static dev.shopfloor.saga.createorder.SagaState.COMPENSATED;
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
import dev.shopfloor.saga.createorder.SagaCommand.RejectOrder;
import dev.shopfloor.saga.createorder.SagaCommand.ReleaseStock;
import dev.shopfloor.saga.createorder.SagaCommand.ReserveStock;
import dev.shopfloor.saga.createorder.SagaCommand.VoidPayment;
import dev.shopfloor.saga.createorder.SagaEvent.PaymentAuthorized;
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

            Decision decision = CreateOrderSaga.start(id, order, NOW, STEP_TIMEOUT);

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
                    CreateOrderSaga.start(id, orderCreated(), NOW, STEP_TIMEOUT).saga();

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
            CreateOrderSaga saga = CreateOrderSaga.start(SagaId.random(), orderCreated(), NOW, STEP_TIMEOUT)
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
        void completesWhenOrderIsApproved() {
            given(aSaga().in(APPROVING_ORDER))
                    .when(orderApproved())
                    .expectOutcome(Outcome.MOVED)
                    .expectState(COMPLETED)
                    .expectNoCommands()
                    .expectNoRejectionReason()
                    .expectNoDeadline();
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
        void notesStockCommittedWithoutMoving() {
            given(aSaga().in(APPROVING_ORDER))
                    .when(stockCommitted())
                    .expectOutcome(Outcome.NOTED)
                    .expectNoCommands()
                    .expectUnchangedSaga();
        }

        @Test
        void notesPaymentCapturedWithoutMoving() {
            given(aSaga().in(APPROVING_ORDER))
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

            given(aSaga().in(row.from()).rejectedFor(RejectionReason.PAYMENT_DECLINED))
                    .when(event)
                    .expectOutcome(Outcome.MOVED)
                    .expectState(row.to());
        }

        @Test
        void leavesNoStateBehindExceptTheFinalOnes() {
            Set<SagaState> left = Set.copyOf(
                    CreateOrderSaga.TRANSITIONS.stream().map(Transition::from).toList());

            assertThat(left)
                    .containsExactlyInAnyOrder(Arrays.stream(SagaState.values())
                            .filter(state -> !state.isFinal())
                            .toArray(SagaState[]::new));
        }

        @Test
        void refusesAnEventOfAnotherOrder() {
            CreateOrderSaga saga = aSaga().in(RESERVING_STOCK).build();

            assertThatThrownBy(() -> saga.handle(new SagaEvent.StockReserved(new OrderId(42)), NOW, STEP_TIMEOUT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("42");
        }
    }

    @Nested
    class WholeSagas {

        @Test
        void approvesAnOrderFromStartToEnd() {
            Decision decision = CreateOrderSaga.start(SagaId.random(), orderCreated(), NOW, STEP_TIMEOUT);
            for (SagaEvent reply : List.of(
                    stockReserved(), paymentAuthorized(), stockCommitted(), paymentCaptured(), orderApproved())) {
                decision = decision.saga().handle(reply, NOW, STEP_TIMEOUT);
            }

            assertThat(decision.state()).isEqualTo(COMPLETED);
            assertThat(decision.saga().rejectionReason()).isEmpty();
        }

        @Test
        void compensatesADeclinedPaymentFromStartToEnd() {
            Decision decision = CreateOrderSaga.start(SagaId.random(), orderCreated(), NOW, STEP_TIMEOUT);
            for (SagaEvent reply : List.of(stockReserved(), paymentDeclined(), stockReleased(), orderRejected())) {
                decision = decision.saga().handle(reply, NOW, STEP_TIMEOUT);
            }

            assertThat(decision.state()).isEqualTo(COMPENSATED);
            assertThat(decision.saga().rejectionReason()).contains(RejectionReason.PAYMENT_DECLINED);
        }
    }

    static Stream<Transition> transitions() {
        return CreateOrderSaga.TRANSITIONS.stream();
    }

    /**
     * Every pair of state and event that has no row in the table, except the informational replies (always noted)
     * and an authorization that must be voided.
     */
    static Stream<Arguments> outOfStepPairs() {
        Set<Class<?>> informational =
                Set.of(SagaEvent.StockCommitted.class, SagaEvent.PaymentCaptured.class, SagaEvent.PaymentVoided.class);
        return Arrays.stream(SagaState.values())
                .filter(state -> state != STARTED)
                .flatMap(state -> everyEvent().stream().map(event -> Arguments.of(state, event)))
                .filter(pair -> {
                    SagaState state = (SagaState) pair.get()[0];
                    SagaEvent event = (SagaEvent) pair.get()[1];
                    boolean inTable = CreateOrderSaga.TRANSITIONS.stream()
                            .anyMatch(t -> t.from() == state && t.on().isInstance(event));
                    boolean voided =
                            event instanceof PaymentAuthorized && state != APPROVING_ORDER && state != COMPLETED;
                    return !inTable && !voided && !informational.contains(event.getClass());
                });
    }
}
