package dev.shopfloor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary packaged in {@code com.github.codemonstur:embedded-redis}, Redis 6.2) bound to
 * localhost, with an LRU eviction policy so a cache never fails writes when memory runs short.
 *
 * @throws UncheckedIOException from {@link #start} when the binary cannot be unpacked or started
 */
public final class RedisProcess implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisProcess(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param port the TCP port on localhost
     * @param dataDirectory where Redis writes its snapshot, or {@code null} for no persistence
     * @param maxMemory e.g. {@code 128mb}
     */
    public static RedisProcess start(int port, Path dataDirectory, String maxMemory) {
        try {
            var builder = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("maxmemory " + maxMemory)
                    .setting("maxmemory-policy allkeys-lru")
                    .setting("protected-mode no");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setting("dir " + dataDirectory.toAbsolutePath()).setting("save 60 1");
            } else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            RedisServer server = builder.build();
            server.start();
            return new RedisProcess(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
