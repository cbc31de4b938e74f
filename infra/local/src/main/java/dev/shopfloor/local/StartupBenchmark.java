package dev.shopfloor.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./platform bench startup}: measures, in a temporary data folder on free ports, the time from start to
 * every service ready on a cold start (empty data folder: initdb, Kafka storage format, no class-data-sharing
 * archives yet) and on a warm start (the same folder again), then the platform's memory when idle.
 *
 * <p>Memory is the sum of PSS (proportional set size, {@code /proc/<pid>/smaps_rollup}) over every process of the
 * platform: this JVM's child processes (services, Kafka, Redis) and the Postgres postmaster with its backends. PSS
 * splits shared pages between the processes that map them, so Postgres' shared buffers count once; the plain RSS
 * sum (printed too) counts them in every backend. Linux only.
 */
public final class StartupBenchmark {

    private static final int IDLE_SECONDS = 20;

    private StartupBenchmark() {}

    public static int run(Path projectRoot) throws Exception {
        Path data = Files.createTempDirectory("shopfloor-bench");
        try {
            PlatformLayout layout = PlatformLayout.ephemeral(projectRoot, data).withoutZipkin();
            long cold = timeStart(layout, false);
            long warm = timeStart(layout, true);
            System.out.printf(
                    "%nmachine: %d cores, %s; JVM %s%n",
                    Runtime.getRuntime().availableProcessors(), memTotal(), Runtime.version());
            System.out.printf("cold start to ready: %.1f s%n", cold / 1000.0);
            System.out.printf("warm start to ready: %.1f s%n", warm / 1000.0);
            return 0;
        } finally {
            try (Stream<Path> paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static long timeStart(PlatformLayout layout, boolean measureMemory) throws Exception {
        long start = System.nanoTime();
        try (LocalPlatform platform = LocalPlatform.start(layout, line -> {})) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (measureMemory) {
                Thread.sleep(IDLE_SECONDS * 1000L);
                printMemory(layout, platform.kafka().pid());
            }
            return millis;
        }
    }

    private static void printMemory(PlatformLayout layout, long kafkaPid) throws IOException {
        List<ProcessHandle> processes = new ArrayList<>();
        ProcessHandle.current().children().forEach(processes::add);
        Path postmasterPid = layout.dataDirectory().resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(postmasterPid)) {
            long pid =
                    Long.parseLong(Files.readAllLines(postmasterPid).getFirst().trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                processes.add(postmaster);
                postmaster.children().forEach(processes::add);
            });
        }
        Map<String, long[]> byName = new LinkedHashMap<>();
        long pssTotal = 0;
        long rssTotal = 0;
        for (ProcessHandle process : processes) {
            long[] kb = pssAndRss(process.pid());
            // Kafka by pid: its command line is long, and what Java reads of it may stop inside the classpath.
            String name = process.pid() == kafkaPid ? "kafka" : name(process);
            byName.merge(name, kb, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            pssTotal += kb[0];
            rssTotal += kb[1];
        }
        System.out.printf("idle memory after %d s (PSS, MB):%n", IDLE_SECONDS);
        byName.forEach((name, kb) -> System.out.printf("  %-20s %6.0f%n", name, kb[0] / 1024.0));
        System.out.printf("  %-20s %6.0f   (plain RSS sum: %.0f)%n", "total", pssTotal / 1024.0, rssTotal / 1024.0);
    }

    private static String name(ProcessHandle process) {
        String command = process.info().commandLine().orElse("");
        for (PlatformLayout.Service service : PlatformLayout.SERVICES) {
            if (command.contains("/" + service.module() + "/target/")) {
                return service.name();
            }
        }
        if (command.contains("redis-server")) {
            return "redis";
        }
        if (command.startsWith("postgres") || command.contains("/bin/postgres")) {
            return "postgres (all)";
        }
        return "other";
    }

    private static long[] pssAndRss(long pid) {
        long pss = 0;
        long rss = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    pss = kilobytes(line);
                } else if (line.startsWith("Rss:")) {
                    rss = kilobytes(line);
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return new long[] {pss, rss};
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "memory unknown";
        }
    }
}
