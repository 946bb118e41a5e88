package io.kfpoperator.providerservice.http;

/**
 * How the contract's HTTP server listens.
 *
 * @param host         address to bind ("0.0.0.0" for all)
 * @param port         0 picks a free port (tests)
 * @param maxBodyBytes larger request bodies are answered 413 without being parsed
 * @param threads      requests handled at once; more wait in a bounded queue, then slow the acceptor down
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int threads) {

    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
    }

    public static ServerSettings onPort(int port) {
        return new ServerSettings("0.0.0.0", port, DEFAULT_MAX_BODY_BYTES, 16);
    }

    public ServerSettings withMaxBodyBytes(long value) {
        return new ServerSettings(host, port, value, threads);
    }
}
