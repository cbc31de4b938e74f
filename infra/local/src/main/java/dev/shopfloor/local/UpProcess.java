package dev.shopfloor.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code ./platform up} process of one data directory, found through its pid file ({@code <data>/platform.pid}:
 * the pid and the process's start time in epoch milliseconds), so that {@code ./platform down} in another terminal can
 * stop it and a second {@code up} can say one runs already. A pid file left by a process that died, or whose pid
 * another process has since (its start time differs), counts as no {@code up}.
 */
final class UpProcess {

    private final Path pidFile;

    /** @param pidFile where an {@code up} writes its pid and start time */
    UpProcess(Path pidFile) {
        this.pidFile = pidFile;
    }

    static UpProcess of(PlatformLayout layout) {
        return new UpProcess(layout.dataDirectory().resolve("platform.pid"));
    }

    /** The running {@code up}, if the pid file names a live one. */
    Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String[] fields =
                    Files.readString(pidFile, StandardCharsets.US_ASCII).strip().split("\\s+");
            long pid = Long.parseLong(fields[0]);
            long started = Long.parseLong(fields[1]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> startMillis(process) == started);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable, or being written: no up to talk to
        }
    }

    /**
     * Records this process as the {@code up} of the data directory.
     *
     * @throws IllegalStateException when another live {@code up} has it (the message gives its pid)
     */
    void claim() {
        Optional<ProcessHandle> other = running()
                .filter(process -> process.pid() != ProcessHandle.current().pid());
        if (other.isPresent()) {
            throw new IllegalStateException("Shopfloor is already running here (./platform up, pid "
                    + other.get().pid() + "); ./platform down stops it");
        }
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, line(ProcessHandle.current()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile, e);
        }
    }

    /** Removes the pid file if it names this process (never another {@code up}'s). */
    void release() {
        try {
            if (Files.isRegularFile(pidFile)
                    && Files.readString(pidFile, StandardCharsets.US_ASCII).equals(line(ProcessHandle.current()))) {
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            // left behind: a later up or down finds no live process behind it and ignores it
        }
    }

    /**
     * Stops the running {@code up} as Ctrl-C does (SIGTERM: its shutdown hook stops the services, then Redis, Kafka
     * and Postgres) and waits for it.
     *
     * @return the pid stopped, or empty when no {@code up} runs
     * @throws IllegalStateException when it has not stopped within {@code within}
     */
    Optional<Long> stop(Duration within) {
        Optional<ProcessHandle> up = running();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle process = up.get();
        process.destroy();
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "./platform up (pid " + process.pid() + ") has not stopped within " + within.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Optional.of(process.pid());
    }

    /** What an {@code up} writes into its pid file: {@code "<pid> <start time, epoch ms>\n"}. */
    static String line(ProcessHandle process) {
        return process.pid() + " " + startMillis(process) + "\n";
    }

    /** When the process started (epoch ms), or -1 where the system does not tell. */
    private static long startMillis(ProcessHandle process) {
        return process.info()
                .startInstant()
                .map(java.time.Instant::toEpochMilli)
                .orElse(-1L);
    }
}
