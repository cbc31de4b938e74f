package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid file behind {@code ./platform down}, with a {@code sleep} process standing in for a running {@code up}. */
class UpProcessTest {

    @TempDir
    Path data;

    Path pidFile;
    UpProcess up;
    Process sleeper;

    @BeforeEach
    void setUp() throws Exception {
        pidFile = data.resolve("platform.pid");
        up = new UpProcess(pidFile);
        sleeper = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void tearDown() {
        sleeper.destroyForcibly();
    }

    @Test
    void findsNoUpWithoutAPidFile() {
        assertThat(up.running()).isEmpty();
        assertThat(up.stop(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void stopsTheLiveUpThePidFileNames() throws Exception {
        Files.writeString(pidFile, UpProcess.line(sleeper.toHandle()));

        assertThat(up.running()).map(ProcessHandle::pid).contains(sleeper.pid());
        assertThat(up.stop(Duration.ofSeconds(10))).contains(sleeper.pid());
        assertThat(sleeper.isAlive()).isFalse();
    }

    @Test
    void refusesASecondUpWhileOneRuns() throws Exception {
        Files.writeString(pidFile, UpProcess.line(sleeper.toHandle()));

        assertThatThrownBy(up::claim)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running")
                .hasMessageContaining("pid " + sleeper.pid());
        assertThat(Files.readString(pidFile)).isEqualTo(UpProcess.line(sleeper.toHandle()));
    }

    @Test
    void ignoresAPidFileLeftByADeadUpOrNamingAnotherProcess() throws Exception {
        String deadUp = UpProcess.line(sleeper.toHandle());
        sleeper.destroyForcibly().waitFor();
        Files.writeString(pidFile, deadUp);
        assertThat(up.running()).as("dead").isEmpty();

        // a live process with that pid, started at another time: the pid was reused
        Files.writeString(pidFile, ProcessHandle.current().pid() + " 12345\n");
        assertThat(up.running()).as("pid reused").isEmpty();

        Files.writeString(pidFile, "not a pid");
        assertThat(up.running()).as("unreadable").isEmpty();
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        assertThat(up.running()).as("no start time").isEmpty();
    }

    @Test
    void claimsTheDataDirectoryAndReleasesOnlyItsOwnPidFile() throws Exception {
        up.claim();
        assertThat(Files.readString(pidFile)).isEqualTo(UpProcess.line(ProcessHandle.current()));
        assertThat(up.running())
                .map(ProcessHandle::pid)
                .contains(ProcessHandle.current().pid());
        up.release();
        assertThat(pidFile).doesNotExist();

        Files.writeString(pidFile, UpProcess.line(sleeper.toHandle()));
        up.release();
        assertThat(pidFile).as("another up's pid file stays").exists();
    }

    @Test
    void recordsTheProcessesItStartedAndTheServersThatDetachedFromIt() throws Exception {
        // a server that detaches (Postgres, through pg_ctl) is found through its own pid file
        Process detached = new ProcessBuilder("sleep", "60").start();
        Path postmasterPid = data.resolve("postmaster.pid");
        Files.writeString(postmasterPid, detached.pid() + "\n/some/data/directory\n");
        try {
            new UpProcess(pidFile, java.util.List.of(postmasterPid)).recordChildren();

            assertThat(Files.readAllLines(data.resolve("platform.children")))
                    .contains(UpProcess.line(sleeper.toHandle()).strip())
                    .contains(UpProcess.line(detached.toHandle()).strip());
        } finally {
            detached.destroyForcibly();
        }
    }

    @Test
    void stopsWhatAKilledUpLeftRunningAndRefusesToStartOverIt() throws Exception {
        Process deadUp = new ProcessBuilder("true").start();
        deadUp.waitFor();
        Files.writeString(pidFile, UpProcess.line(deadUp.toHandle()));
        Files.writeString(data.resolve("platform.children"), UpProcess.line(sleeper.toHandle()) + "1 12345\n");

        assertThat(up.leftovers()).map(ProcessHandle::pid).containsExactly(sleeper.pid());
        assertThatThrownBy(up::claim)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left 1 processes running");

        assertThat(up.stopLeftovers(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(up.leftovers()).isEmpty();
        up.claim();
    }

    @Test
    void leavesTheChildrenOfARunningUpAlone() throws Exception {
        Files.writeString(pidFile, UpProcess.line(ProcessHandle.current()));
        Files.writeString(data.resolve("platform.children"), UpProcess.line(sleeper.toHandle()));

        assertThat(up.leftovers()).isEmpty();
        assertThat(sleeper.isAlive()).isTrue();
    }
}
