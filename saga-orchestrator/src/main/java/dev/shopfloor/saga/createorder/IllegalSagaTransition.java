package dev.shopfloor.saga.createorder;

/**
 * A step of {@link CreateOrderSaga} tried a move that its transition table does not have: a programming error in
 * the saga, never the result of a message (messages that do not fit are ignored, not rejected).
 */
public class IllegalSagaTransition extends IllegalStateException {

    public IllegalSagaTransition(SagaState from, SagaEvent event, SagaState to) {
        super("no transition " + from + " --" + event.getClass().getSimpleName() + "--> " + to);
    }
}
