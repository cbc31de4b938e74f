package dev.shopfloor.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FailoverSlotsTest {

    @Test
    void makesAFailoverSlotOnAPostgres17OrLaterPrimary() {
        assertThat(FailoverSlots.choose(true, 17, false)).isEqualTo(new FailoverSlots.Kind(true, "failover slot"));
        assertThat(FailoverSlots.choose(true, 18, false).failover()).isTrue();
    }

    @Test
    void makesAPlainSlotOnPostgresBefore17() {
        FailoverSlots.Kind kind = FailoverSlots.choose(true, 16, false);

        assertThat(kind.failover()).isFalse();
        assertThat(kind.reason()).isEqualTo("plain slot: PostgreSQL 16 has no failover slots");
    }

    @Test
    void makesAPlainSlotOnAStandby() {
        FailoverSlots.Kind kind = FailoverSlots.choose(true, 17, true);

        assertThat(kind.failover()).isFalse();
        assertThat(kind.reason()).isEqualTo("plain slot: the server is a standby");
    }

    @Test
    void makesAPlainSlotWhenFailoverSlotsAreSwitchedOff() {
        FailoverSlots.Kind kind = FailoverSlots.choose(false, 17, false);

        assertThat(kind.failover()).isFalse();
        assertThat(kind.reason()).isEqualTo("plain slot: failover slots are switched off");
    }

    @Test
    void refusesANameThatIsNoSlotNameBeforeConnecting() {
        FailoverSlots slots = new FailoverSlots("jdbc:postgresql://localhost:1/none", "u", null, true);

        assertThatThrownBy(() -> slots.createOrUpgrade("Outbox\" ( FAILOVER false ) --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slots.upgradeIfPresent("x".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
