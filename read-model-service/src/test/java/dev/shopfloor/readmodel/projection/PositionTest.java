package dev.shopfloor.readmodel.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionTest {

    @Test
    void ordersByThePreviousCommitFirstThenByTheChangesOwnLsn() {
        Position earlierTransaction = new Position(100, 500);
        Position laterTransactionWithSmallerLsn = new Position(600, 200);
        Position laterChangeOfTheSameTransaction = new Position(600, 250);

        assertThat(earlierTransaction).isLessThan(laterTransactionWithSmallerLsn);
        assertThat(laterTransactionWithSmallerLsn).isLessThan(laterChangeOfTheSameTransaction);
        assertThat(earlierTransaction.isAtOrBefore(earlierTransaction)).isTrue();
        assertThat(laterTransactionWithSmallerLsn.isAtOrBefore(earlierTransaction))
                .isFalse();
    }

    @Test
    void comparesLsnsAsUnsignedNumbers() {
        assertThat(new Position(0, -1L)).isGreaterThan(new Position(0, Long.MAX_VALUE));
    }
}
