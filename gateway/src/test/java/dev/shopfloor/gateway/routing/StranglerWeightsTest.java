package dev.shopfloor.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.shopfloor.gateway.routing.StranglerWeights.Side;
import org.junit.jupiter.api.Test;

class StranglerWeightsTest {

    @Test
    void sendsEveryCallerToOneSideAtTheExtremes() {
        StranglerWeights weights = new StranglerWeights(0);
        for (int i = 0; i < 1_000; i++) {
            assertThat(weights.sideFor("ip:10.0.0." + i)).isEqualTo(Side.LEGACY);
        }
        weights.readModelPercent(100);
        for (int i = 0; i < 1_000; i++) {
            assertThat(weights.sideFor("ip:10.0.0." + i)).isEqualTo(Side.NEW);
        }
    }

    @Test
    void spreadsCallersEvenlyOverTheBuckets() {
        StranglerWeights weights = new StranglerWeights(10);
        int toNew = 0;
        for (int i = 0; i < 10_000; i++) {
            if (weights.sideFor("sub:user-" + i) == Side.NEW) {
                toNew++;
            }
        }
        assertThat(toNew).isBetween(900, 1_100);
    }

    @Test
    void keepsACallerWhereItWasAndOnlyMovesCallersToTheNewSideAsTheWeightRises() {
        StranglerWeights weights = new StranglerWeights(30);
        for (int i = 0; i < 2_000; i++) {
            String caller = "ip:192.0.2." + i;
            Side at30 = weights.sideFor(caller);
            assertThat(weights.sideFor(caller)).isEqualTo(at30);
            weights.readModelPercent(70);
            if (at30 == Side.NEW) {
                assertThat(weights.sideFor(caller)).isEqualTo(Side.NEW);
            }
            weights.readModelPercent(30);
        }
    }

    @Test
    void refusesAShareOutsideZeroToHundred() {
        StranglerWeights weights = new StranglerWeights(5);
        assertThatIllegalArgumentException().isThrownBy(() -> weights.readModelPercent(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> weights.readModelPercent(101));
        assertThat(weights.readModelPercent()).isEqualTo(5);
    }
}
