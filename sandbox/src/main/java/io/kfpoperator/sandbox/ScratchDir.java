package io.kfpoperator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's files that live only as long as it runs, in one temporary directory removed on
 * stop: the controller configuration it runs with, the provider service's delivery watermark, the
 * NATS JetStream store and log, and (without {@code --state-dir}) the example pipeline's compiled
 * definition when the sandbox runs outside a clone.
 */
final class ScratchDir implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchDir.class);
    static final String PREFIX = "kfp-operator-sandbox-";

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** A new directory under {@code java.io.tmpdir}. */
    static ScratchDir create() {
        try {
            return new ScratchDir(Files.createTempDirectory(PREFIX).toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox's temporary directory: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the directory and everything in it; what cannot be deleted is logged, not thrown. */
    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("sandbox could not remove its temporary directory {}: {}", path, e.toString());
        }
    }
}
