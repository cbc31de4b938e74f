package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformLayoutTest {

    /**
     * Two servers of one platform on one port: the second fails to bind, and a readiness check of it asks the first
     * instead (seen once: inventory-service and payment-service both given 44827). Asking the OS for one free port at
     * a time can hand the same port out twice, so a few thousand layouts are checked.
     */
    @Test
    void anEphemeralLayoutNeverGivesTwoServersOnePort() {
        for (int i = 0; i < 3_000; i++) {
            PlatformLayout layout = PlatformLayout.ephemeral(Path.of("."), Path.of("data"));
            List<Integer> ports = new ArrayList<>(List.of(
                    layout.postgresPort(),
                    layout.kafkaPort(),
                    layout.kafkaControllerPort(),
                    layout.redisPort(),
                    layout.zipkinPort()));
            ports.addAll(layout.servicePorts().values());
            ports.addAll(layout.managementPorts().values());

            assertThat(ports).as("layout %d", i).doesNotHaveDuplicates();
        }
    }
}
