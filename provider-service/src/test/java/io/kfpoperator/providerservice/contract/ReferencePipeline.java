package io.kfpoperator.providerservice.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real compiler output vendored under the repository's {@code reference/}: what the TFX
 * compiler writes (a Vertex PipelineJob JSON with the IR under {@code pipelineSpec}) and what the
 * KFP SDK writes (bare IR YAML). Found by walking up from the test JVM's working directory, so
 * nothing outside the repository is read.
 *
 * @param file      path below {@code reference/}, e.g. {@code tfx/expected_two_step_pipeline_job.json}
 * @param framework the framework name the operator sends with it ({@code tfx} or {@code kfpsdk})
 * @param document  the file parsed (JSON is YAML)
 */
public record ReferencePipeline(String file, String framework, JsonNode document) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Every TFX and KFP SDK output vendored in the repository. */
    public static List<ReferencePipeline> all() {
        List<ReferencePipeline> all = new ArrayList<>();
        all.addAll(under("tfx", ".json", "tfx"));
        all.addAll(under("kfp-sdk-compiled", ".yaml", "kfpsdk"));
        return all;
    }

    /** The IR the platform must receive: {@code pipelineSpec} of a PipelineJob, else the document itself. */
    public JsonNode expectedSpec() {
        return document.has("pipelineSpec") ? document.get("pipelineSpec") : document;
    }

    public boolean wrapped() {
        return document.has("pipelineSpec");
    }

    @Override
    public String toString() {
        return file;
    }

    private static List<ReferencePipeline> under(String directory, String suffix, String framework) {
        Path dir = referenceRoot().resolve(directory);
        try (Stream<Path> files = Files.list(dir)) {
            List<ReferencePipeline> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted()
                    .map(f -> new ReferencePipeline(directory + "/" + f.getFileName(), framework, read(f))).toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + suffix + " files in " + dir);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path referenceRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("reference").resolve("tfx");
            if (Files.isDirectory(candidate)) {
                return candidate.getParent();
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("reference/tfx not found above " + Path.of("").toAbsolutePath());
    }
}
