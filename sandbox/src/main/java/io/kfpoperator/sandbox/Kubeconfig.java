package io.kfpoperator.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig that points kubectl at the sandbox (plain HTTP on localhost, no credentials). */
final class Kubeconfig {

    static final String CONTEXT = "kfp-operator-sandbox";

    private Kubeconfig() {
    }

    static String render(URI server) {
        return """
                # Written by `kfp-operator sandbox`: the sandbox's API server (not a production cluster).
                apiVersion: v1
                kind: Config
                clusters:
                  - name: %1$s
                    cluster:
                      server: %2$s
                users:
                  - name: %1$s
                    user: {}
                contexts:
                  - name: %1$s
                    context:
                      cluster: %1$s
                      user: %1$s
                      namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, server);
    }

    static Path write(Path file, URI server) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Files.writeString(absolute, render(server));
        return absolute;
    }
}
