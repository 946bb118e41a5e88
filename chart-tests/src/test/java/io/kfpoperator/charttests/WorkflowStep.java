package io.kfpoperator.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One script step of a rendered WorkflowTemplate run on this machine with {@code sh}, the way the
 * Argo executor would run it: Argo placeholders substituted, artifact and output paths moved into a
 * temporary directory, the source written to a file and passed to the step's command.
 */
final class WorkflowStep {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");
    private static final long TIMEOUT_SECONDS = 60;

    /** What a step left behind: exit code, streams, and its output parameters by name. */
    record Outcome(int exitCode, String stdout, String stderr, Map<String, String> outputs, Map<String, Path> outputArtifacts) {
        String output(String name) {
            if (!outputs.containsKey(name)) {
                throw new AssertionError("step wrote no output parameter " + name + "; stdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return outputs.get(name);
        }

        String describe() {
            return "exit " + exitCode + ", outputs " + outputs + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final JsonNode template;
    private final Path dir;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Path> paths = new HashMap<>();

    /** {@code template} is one entry of a WorkflowTemplate's spec.templates. */
    WorkflowStep(JsonNode template, Path dir) {
        if (!template.has("script")) {
            throw new IllegalArgumentException("template " + template.path("name").asText() + " is not a script template");
        }
        this.template = template;
        this.dir = dir;
    }

    /** Value of {@code {{workflow.parameters.<name>}}}. */
    WorkflowStep workflowParameter(String name, String value) {
        values.put("workflow.parameters." + name, value);
        return this;
    }

    /** Value of {@code {{inputs.parameters.<name>}}}. */
    WorkflowStep input(String name, String value) {
        values.put("inputs.parameters." + name, value);
        return this;
    }

    /** Content of the input artifact {@code name} (what a previous step produced, or raw data). */
    WorkflowStep artifact(String name, String content) {
        for (JsonNode artifact : template.at("/inputs/artifacts")) {
            if (name.equals(artifact.path("name").asText())) {
                Path local = local(artifact.path("path").asText());
                write(local, content);
                values.put("inputs.artifacts." + name + ".path", artifact.path("path").asText());
                return this;
            }
        }
        throw new AssertionError("template " + template.path("name").asText() + " has no input artifact " + name);
    }

    Outcome run() {
        // Raw artifacts nobody overrode: Argo writes their data, placeholders substituted.
        for (JsonNode artifact : template.at("/inputs/artifacts")) {
            String key = "inputs.artifacts." + artifact.path("name").asText() + ".path";
            if (!values.containsKey(key)) {
                if (!artifact.has("raw")) {
                    throw new AssertionError("input artifact " + artifact.path("name").asText() + " of "
                            + template.path("name").asText() + " was not given");
                }
                write(local(artifact.path("path").asText()), substitute(artifact.at("/raw/data").asText()));
                values.put(key, artifact.path("path").asText());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : template.at("/script/env")) {
            env.put(variable.path("name").asText(), localPath(substitute(variable.path("value").asText())));
        }
        String source = template.at("/script/source").asText();
        if (source.contains("{{")) {
            throw new AssertionError("Argo placeholders belong in env, not in the script source of " + template.path("name").asText());
        }
        try {
            Path script = Files.createTempFile(dir, "script", ".sh");
            Files.writeString(script, source);
            List<String> command = new ArrayList<>();
            template.at("/script/command").forEach(c -> command.add(c.asText()));
            command.add(script.toString());
            Path out = dir.resolve("stdout-" + System.nanoTime());
            Path err = dir.resolve("stderr-" + System.nanoTime());
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            String path = builder.environment().get("PATH");
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(template.path("name").asText() + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (JsonNode parameter : template.at("/outputs/parameters")) {
                Path file = local(parameter.at("/valueFrom/path").asText());
                if (Files.isRegularFile(file)) {
                    outputs.put(parameter.path("name").asText(), Files.readString(file));
                }
            }
            Map<String, Path> artifacts = new LinkedHashMap<>();
            for (JsonNode artifact : template.at("/outputs/artifacts")) {
                artifacts.put(artifact.path("name").asText(), local(artifact.path("path").asText()));
            }
            String stdout = Files.readString(out);
            outputs.put("result", stdout);
            return new Outcome(process.exitValue(), stdout, Files.readString(err), outputs, artifacts);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + template.path("name").asText() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String substitute(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            if (!values.containsKey(key)) {
                throw new AssertionError("no value for Argo placeholder {{" + key + "}} in " + template.path("name").asText());
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(values.get(key)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** Absolute paths in the pod (artifacts, outputs) map into the temporary directory. */
    private String localPath(String value) {
        return value.startsWith("/") && !value.contains(" ") && !value.contains("\n") ? local(value).toString() : value;
    }

    private Path local(String podPath) {
        return paths.computeIfAbsent(podPath, p -> dir.resolve(p.substring(1).replace('/', '_')));
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
