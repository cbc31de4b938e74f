package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadModelStatusTest {

    @Test
    void namesTheLeaderWhenTheAskedInstanceFollows() {
        assertThat(ReadModelStatus.followerNote("LEADER", "12@host/a1b2c3d4")).isEmpty();
        assertThat(ReadModelStatus.followerNote("FOLLOWER", "12@host/a1b2c3d4"))
                .isEqualTo(" (this instance follows; the CDC engines run on 12@host/a1b2c3d4)");
        assertThat(ReadModelStatus.followerNote("FOLLOWER", "")).contains("waiting for the projector lease");
    }
}
