package dev.shopfloor.saga.createorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.saga.createorder.SagaCommand.Kind;
import dev.shopfloor.saga.createorder.SagaFixtures.SagaBuilder;
import java.time.Instant;

/**
 * Given / when / expect for the saga: given a saga in some state, when an event arrives (or its deadline passes, or
 * an operator retries it), expect a state, commands and an outcome. Each {@code expect...} asserts at once.
 */
final class SagaScenario {

    private final CreateOrderSaga before;
    private Decision decision;

    private SagaScenario(CreateOrderSaga before) {
        this.before = before;
    }

    static SagaScenario given(SagaBuilder saga) {
        return new SagaScenario(saga.build());
    }

    SagaScenario when(SagaEvent event) {
        decision = before.handle(event, SagaFixtures.NOW, SagaFixtures.DEADLINES);
        return this;
    }

    /** The sweeper finds the saga at {@link SagaFixtures#AFTER_DEADLINE}. */
    SagaScenario whenDeadlinePasses() {
        return whenSweptAt(SagaFixtures.AFTER_DEADLINE);
    }

    SagaScenario whenSweptAt(Instant now) {
        decision = before.deadlinePassed(now, SagaFixtures.DEADLINES);
        return this;
    }

    SagaScenario whenOperatorRetries() {
        decision = before.retry(SagaFixtures.AFTER_DEADLINE, SagaFixtures.DEADLINES);
        return this;
    }

    SagaScenario expectState(SagaState state) {
        assertThat(decision.state()).as("state").isEqualTo(state);
        assertThat(decision.from()).as("state before").isEqualTo(before.state());
        return this;
    }

    SagaScenario expectCommands(SagaCommand... commands) {
        assertThat(decision.commands()).as("commands").containsExactly(commands);
        return this;
    }

    SagaScenario expectNoCommands() {
        assertThat(decision.commands()).as("commands").isEmpty();
        return this;
    }

    SagaScenario expectOutcome(Decision.Outcome outcome) {
        assertThat(decision.outcome()).as("outcome").isEqualTo(outcome);
        return this;
    }

    SagaScenario expectRejectionReason(RejectionReason reason) {
        assertThat(decision.saga().rejectionReason()).as("rejection reason").contains(reason);
        return this;
    }

    SagaScenario expectNoRejectionReason() {
        assertThat(decision.saga().rejectionReason()).as("rejection reason").isEmpty();
        return this;
    }

    /** The next step's deadline: the time of handling plus the step timeout. */
    SagaScenario expectFreshDeadline() {
        assertThat(decision.saga().deadlineAt())
                .as("deadline")
                .contains(SagaFixtures.NOW.plus(SagaFixtures.STEP_TIMEOUT));
        return this;
    }

    SagaScenario expectDeadline(Instant deadline) {
        assertThat(decision.saga().deadlineAt()).as("deadline").contains(deadline);
        return this;
    }

    SagaScenario expectAwaiting(Kind... kinds) {
        assertThat(decision.saga().awaiting()).as("awaiting").containsExactlyInAnyOrder(kinds);
        return this;
    }

    SagaScenario expectRetries(int retries) {
        assertThat(decision.saga().retries()).as("retries").isEqualTo(retries);
        return this;
    }

    SagaScenario expectParkedIn(SagaState step) {
        assertThat(decision.saga().parkedIn()).as("parked in").contains(step);
        return this;
    }

    SagaScenario expectNotParked() {
        assertThat(decision.saga().parkedIn()).as("parked in").isEmpty();
        return this;
    }

    SagaScenario expectNoDeadline() {
        assertThat(decision.saga().deadlineAt()).as("deadline").isEmpty();
        return this;
    }

    /** Nothing changes and nothing is sent: the event is out of step. */
    SagaScenario expectIgnored() {
        expectOutcome(Decision.Outcome.IGNORED);
        expectNoCommands();
        expectUnchangedSaga();
        return this;
    }

    /** The saga keeps its state, reason, deadline, awaited replies, retries, parking and version. */
    SagaScenario expectUnchangedSaga() {
        CreateOrderSaga after = decision.saga();
        assertThat(after.state()).as("state").isEqualTo(before.state());
        assertThat(after.rejectionReason()).as("rejection reason").isEqualTo(before.rejectionReason());
        assertThat(after.deadlineAt()).as("deadline").isEqualTo(before.deadlineAt());
        assertThat(after.awaiting()).as("awaiting").isEqualTo(before.awaiting());
        assertThat(after.retries()).as("retries").isEqualTo(before.retries());
        assertThat(after.parkedIn()).as("parked in").isEqualTo(before.parkedIn());
        assertThat(after.version()).as("version").isEqualTo(before.version());
        return this;
    }

    Decision decision() {
        return decision;
    }
}
