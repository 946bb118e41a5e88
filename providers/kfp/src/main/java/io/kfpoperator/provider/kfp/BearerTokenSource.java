package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.PlatformUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A bearer token kept in a file, as Kubernetes projects service-account tokens. The kubelet
 * rotates the file in place, so it is re-read whenever its modification time or size changes.
 */
final class BearerTokenSource {

    private record Cached(Object fileKey, long modified, long size, String token) {
    }

    private final Path file;
    private volatile Cached cached;

    BearerTokenSource(Path file) {
        this.file = file;
    }

    String token() {
        try {
            // Projected volumes swap a symlink, so follow it and compare the target's attributes.
            BasicFileAttributes attrs = Files.readAttributes(file.toRealPath(), BasicFileAttributes.class);
            Cached current = cached;
            long modified = attrs.lastModifiedTime().toMillis();
            if (current != null && current.modified == modified && current.size == attrs.size()
                    && Objects.equals(current.fileKey, attrs.fileKey())) {
                return current.token;
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            cached = new Cached(attrs.fileKey(), modified, attrs.size(), token);
            return token;
        } catch (IOException e) {
            throw new PlatformUnavailableException("cannot read KFP auth token file " + file + ": " + e.getMessage(), e);
        }
    }
}
