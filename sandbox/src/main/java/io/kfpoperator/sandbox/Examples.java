package io.kfpoperator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.manifest.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample resources the sandbox applies on start: the manifests of {@code examples/}, bundled
 * in the jar so the sandbox works from any directory.
 */
final class Examples {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BUNDLE = "io/kfpoperator/sandbox/examples/";
    static final String COMPILED_PIPELINE = "pipelines/hello-world.yaml";
    /** In dependency order: what a resource refers to is there before it. */
    static final List<String> FILES = List.of("00-provider.yaml", "pipeline.yaml", "experiment.yaml", "runconfiguration.yaml",
            "runconfiguration-dependent.yaml", "run.yaml", "run-retry.yaml", "run-timeout.yaml");
    /** The sandbox's schedule: every minute, so scheduled runs show up during a tour. */
    static final String SANDBOX_CRON = "* * * * *";

    private Examples() {
    }

    /** Reads, adapts and creates the examples; returns "Kind namespace/name" of each. */
    static List<String> apply(KubernetesClient client, Path workDir) {
        List<String> applied = new ArrayList<>();
        for (String file : FILES) {
            ObjectNode manifest = (ObjectNode) read(file);
            adapt(manifest, workDir);
            recordLastApplied(manifest);
            HasMetadata resource = Manifests.read(manifest);
            client.resource(resource).createOr(existing -> existing.update());
            applied.add(resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
        }
        return applied;
    }

    /**
     * What `kubectl apply` records, so a user's later `kubectl apply -f examples/` patches these
     * objects quietly instead of warning about a missing annotation on each.
     */
    private static void recordLastApplied(ObjectNode manifest) {
        ObjectNode applied = manifest.deepCopy();
        ((ObjectNode) applied.path("metadata")).putObject("annotations");
        try {
            String text = new ObjectMapper().writeValueAsString(applied) + "\n";
            ((ObjectNode) manifest.path("metadata")).withObjectProperty("annotations").put("kubectl.kubernetes.io/last-applied-configuration", text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String file) {
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(BUNDLE + file)) {
            if (in == null) {
                throw new IllegalStateException("example " + file + " is missing from the sandbox jar");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The static Pipeline's compiled definition is a path relative to the repository root; from
     * anywhere else the bundled copy is written to {@code workDir} and referenced absolutely. The
     * hourly schedule becomes a minutely one, so a tour sees scheduled runs.
     */
    private static void adapt(ObjectNode manifest, Path workDir) {
        JsonNode uri = manifest.at("/spec/framework/parameters/uri");
        if (uri.isTextual() && uri.asText().startsWith("file://")) {
            String path = uri.asText().substring("file://".length());
            if (!Files.isRegularFile(Path.of(path))) {
                Path copy = workDir.resolve("hello-world.yaml").toAbsolutePath();
                try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(BUNDLE + COMPILED_PIPELINE)) {
                    Files.createDirectories(workDir);
                    Files.write(copy, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                ((ObjectNode) manifest.at("/spec/framework/parameters")).put("uri", "file://" + copy);
            }
        }
        for (JsonNode schedule : manifest.at("/spec/triggers/schedules")) {
            ((ObjectNode) schedule).put("cronExpression", SANDBOX_CRON);
        }
    }
}
