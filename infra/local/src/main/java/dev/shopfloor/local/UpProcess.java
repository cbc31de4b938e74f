package dev.shopfloor.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code ./platform up} process of one data directory, found through its pid file ({@code <data>/platform.pid}:
 * the pid and the process's start time in epoch milliseconds), so that {@code ./platform down} in another terminal can
 * stop it and a second {@code up} can say one runs already. A pid file left by a process that died, or whose pid
 * another process has since (its start time differs), counts as no {@code up}.
 *
 * <p>An {@code up} also keeps the list of the processes it started ({@code <data>/platform.children}: services,
 * Postgres, Kafka, Redis, Zipkin, with their start times): when the {@code up} itself is killed (SIGKILL), they go on
 * running, and {@code down} stops them from that list.
 */
final class UpProcess {

    private final Path pidFile;
    private final Path childrenFile;
    private final List<Path> daemonPidFiles;

    /**
     * @param pidFile where an {@code up} writes its pid and start time; the list of its children goes beside it
     * @param daemonPidFiles pid files (pid on the first line) of servers the {@code up} starts that detach from it, so
     *     are not among its descendants: Postgres' {@code postmaster.pid}
     */
    UpProcess(Path pidFile, List<Path> daemonPidFiles) {
        this.pidFile = pidFile;
        this.childrenFile = pidFile.resolveSibling("platform.children");
        this.daemonPidFiles = List.copyOf(daemonPidFiles);
    }

    UpProcess(Path pidFile) {
        this(pidFile, List.of());
    }

    static UpProcess of(PlatformLayout layout) {
        return new UpProcess(
                layout.dataDirectory().resolve("platform.pid"),
                List.of(layout.dataDirectory().resolve("postgres").resolve("postmaster.pid")));
    }

    /** The running {@code up}, if the pid file names a live one. */
    Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            return live(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty(); // unreadable: no up to talk to
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
        List<ProcessHandle> left = leftovers();
        if (!left.isEmpty()) {
            throw new IllegalStateException("an earlier ./platform up was killed and left " + left.size()
                    + " processes running (services, Postgres, Kafka, Redis); ./platform down stops them");
        }
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, line(ProcessHandle.current()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile, e);
        }
    }

    /**
     * Writes down the processes this {@code up} has started so far (all its descendants), so that {@code down} can stop
     * them if this process dies without stopping them. Never throws.
     */
    void recordChildren() {
        StringBuilder lines = new StringBuilder();
        ProcessHandle.current().descendants().forEach(child -> lines.append(line(child)));
        for (Path daemon : daemonPidFiles) {
            try {
                String first = Files.readAllLines(daemon, StandardCharsets.US_ASCII)
                        .getFirst()
                        .strip();
                ProcessHandle.of(Long.parseLong(first)).ifPresent(process -> lines.append(line(process)));
            } catch (IOException | RuntimeException e) {
                // not started (yet), or stopped
            }
        }
        try {
            Path written = Files.writeString(
                    childrenFile.resolveSibling(childrenFile.getFileName() + ".new"), lines, StandardCharsets.US_ASCII);
            Files.move(written, childrenFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the next round tries again
        }
    }

    /**
     * Processes an {@code up} that is gone left running: those of its list still alive with the same start time.
     * Empty while an {@code up} runs (its children are its own business).
     */
    List<ProcessHandle> leftovers() {
        if (running().isPresent() || !Files.isRegularFile(childrenFile)) {
            return List.of();
        }
        try {
            return Files.readAllLines(childrenFile, StandardCharsets.US_ASCII).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .flatMap(line -> live(line).stream())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Stops what {@link #leftovers} lists: SIGTERM to all, then SIGKILL to those still alive after {@code within}.
     *
     * @return how many there were
     */
    int stopLeftovers(Duration within) {
        List<ProcessHandle> left = leftovers();
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + within.toNanos();
        for (ProcessHandle process : left) {
            try {
                long remaining = Math.max(1, deadline - System.nanoTime());
                process.onExit().get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(childrenFile);
        } catch (IOException e) {
            // stale list: its processes are gone, a later down finds none of them alive
        }
        return left.size();
    }

    /** The live process a {@code "<pid> <start ms>"} line names, if it still runs. */
    private static Optional<ProcessHandle> live(String line) {
        try {
            String[] fields = line.split("\\s+");
            long started = Long.parseLong(fields[1]);
            return ProcessHandle.of(Long.parseLong(fields[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> startMillis(process) == started);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes the pid file (and the list of children) if it names this process (never another {@code up}'s). */
    void release() {
        try {
            if (Files.isRegularFile(pidFile)
                    && Files.readString(pidFile, StandardCharsets.US_ASCII).equals(line(ProcessHandle.current()))) {
                Files.delete(pidFile);
                Files.deleteIfExists(childrenFile);
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
