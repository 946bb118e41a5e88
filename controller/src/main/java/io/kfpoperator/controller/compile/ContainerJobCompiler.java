package io.kfpoperator.controller.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.v1beta1.Framework;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.kube.Labels;
import io.kfpoperator.provider.contract.ResourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles container frameworks (tfx, kfpsdk, …) by running a Kubernetes Job in the Provider's
 * namespace: an init container copies the framework's compiler scripts into a shared volume, the
 * main container runs them inside the Pipeline's image, and the compiled pipeline is read back from
 * the pod log after a marker line. The log is used rather than a ConfigMap or a bucket so the
 * compiler pod needs no API access or credentials; the price is that the kubelet's container log
 * limit ({@code containerLogMaxSize}, 10 MiB by default) bounds the size of a compiled pipeline.
 * Never waits: each call looks at the Job once and answers {@link Compilation.InProgress} until it
 * has finished; the reconciler is woken by Job events (see the label constants).
 */
public final class ContainerJobCompiler implements PipelineCompiler {

    public static final String COMPILATION_LABEL = "pipelines.kubeflow.org/compilation";

    /** The line after which the compile container prints the compiled pipeline. */
    public static final String MARKER = "----- kfp-operator compiled pipeline 5f0c2a9e -----";
    public static final String FRAMEWORK_CONTAINER = "framework";
    public static final String COMPILE_CONTAINER = "compile";
    public static final String SHARED_DIR = "/shared";
    public static final String WORK_DIR = "/tmp";

    static final int TTL_SECONDS_AFTER_FINISHED = 3600;
    private static final int LOG_LINES_IN_MESSAGES = 10;
    private static final int MAX_JOB_NAME = 63;
    private static final String PREFIX = "compile-";
    private static final int HASH_HEX_CHARS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(ContainerJobCompiler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final KubernetesClient client;
    private final Duration timeout;
    private final String serviceAccount;

    /**
     * @param timeout        how long a compilation may run (the Job's activeDeadlineSeconds)
     * @param serviceAccount the compiler pods' service account; blank for the namespace default
     */
    public ContainerJobCompiler(KubernetesClient client, Duration timeout, String serviceAccount) {
        if (timeout == null || timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("the compilation timeout must be at least one second, not " + timeout);
        }
        this.client = client;
        this.timeout = timeout;
        this.serviceAccount = serviceAccount == null ? "" : serviceAccount.trim();
    }

    @Override
    public Compilation compile(CompileRequest request) {
        Pipeline pipeline = request.pipeline();
        Provider provider = request.provider();
        Framework framework = request.framework().orElseThrow(() -> new DefinitionException("framework '"
                + pipeline.getSpec().getFramework().getName() + "' is not listed in Provider " + provider.getMetadata().getNamespace()
                + "/" + provider.getMetadata().getName() + " spec.frameworks", false));
        String namespace = provider.getMetadata().getNamespace();
        String definition = definitionJson(request);
        String name = jobName(pipeline, definition);
        try {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (job == null) {
                client.batch().v1().jobs().inNamespace(namespace).resource(job(namespace, name, pipeline, framework, definition)).create();
                LOG.info("created compilation Job {}/{} for Pipeline {}/{}", namespace, name,
                        pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName());
                return inProgress(namespace, name);
            }
            if (succeeded(job.getStatus())) {
                return new Compilation.Compiled(compiledPipeline(namespace, name));
            }
            Optional<JobCondition> failed = condition(job.getStatus(), "Failed");
            if (failed.isPresent()) {
                throw failure(namespace, name, failed.get());
            }
            return inProgress(namespace, name);
        } catch (KubernetesClientException e) {
            // A 400/422 on create is a Job the API server will never accept (e.g. an env name it rejects).
            boolean invalid = e.getCode() == 400 || e.getCode() == 422;
            throw new DefinitionException("compilation Job " + namespace + "/" + name + ": Kubernetes API call failed: " + e.getMessage(), !invalid);
        }
    }

    private static Compilation inProgress(String namespace, String name) {
        return new Compilation.InProgress("compiling in Job " + namespace + "/" + name);
    }

    /** {@code compile-<name>-<hash>}: same input, same Job; a changed definition, a new one. */
    static String jobName(Pipeline pipeline, String definitionJson) {
        String hash = sha256Hex(pipeline.getMetadata().getNamespace() + "\n" + pipeline.getMetadata().getName() + "\n" + definitionJson)
                .substring(0, HASH_HEX_CHARS);
        // Pipeline names are DNS subdomains; the Job name ends up in the pod's job-name label, so keep it label-safe.
        String base = pipeline.getMetadata().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        int room = MAX_JOB_NAME - PREFIX.length() - 1 - HASH_HEX_CHARS;
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        return PREFIX + base + "-" + hash;
    }

    private static String definitionJson(CompileRequest request) {
        try {
            return JSON.writeValueAsString(request.definition());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The compile container's script: writes the definition to a file, runs the framework's
     * compile.sh and, only when that succeeds, prints {@link #MARKER} and the compiled pipeline.
     * The directories are parameters so a test can run it with /bin/sh against temp directories.
     */
    static String script(String sharedDir, String workDir) {
        String config = workDir + "/resource-definition.yaml";
        String output = workDir + "/resource.yaml";
        return "set -e\n"
                + "printf '%s\\n' \"$RESOURCE_DEFINITION\" > '" + config + "'\n"
                + "'" + sharedDir + "/compile.sh' --output_file '" + output + "' --pipeline_config '" + config + "'\n"
                // a newline first, in case the compiler's last line had none
                + "echo\n"
                + "echo '" + MARKER + "'\n"
                + "cat '" + output + "'\n";
    }

    Job job(String namespace, String name, Pipeline pipeline, Framework framework, String definition) {
        Map<String, String> labels = labels(pipeline);
        VolumeMount shared = new VolumeMountBuilder().withName("shared").withMountPath(SHARED_DIR).build();
        List<EnvVar> env = new ArrayList<>();
        for (NamedValue value : Optional.ofNullable(pipeline.getSpec().getEnv()).orElse(List.of())) {
            if (!"RESOURCE_DEFINITION".equals(value.getName())) {
                env.add(new EnvVar(value.getName(), value.getValue(), null));
            }
        }
        env.add(new EnvVar("RESOURCE_DEFINITION", definition, null));
        PodSpecBuilder pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .addNewVolume().withName("shared").withNewEmptyDir().endEmptyDir().endVolume()
                .withInitContainers(new ContainerBuilder().withName(FRAMEWORK_CONTAINER).withImage(framework.getImage())
                        .withArgs(SHARED_DIR).withVolumeMounts(shared).build())
                .withContainers(new ContainerBuilder().withName(COMPILE_CONTAINER).withImage(pipeline.getSpec().getImage())
                        .withCommand("sh", "-c", script(SHARED_DIR, WORK_DIR)).withEnv(env).withVolumeMounts(shared).build());
        if (!serviceAccount.isEmpty()) {
            pod.withServiceAccountName(serviceAccount);
        }
        return new JobBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(timeout.toSeconds())
                .withTtlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED)
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod.build()).endTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, String> labels(Pipeline pipeline) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.OWNER_KIND, ResourceType.PIPELINE.pathSegment());
        labels.put(Labels.OWNER_NAME, pipeline.getMetadata().getName());
        labels.put(Labels.OWNER_NAMESPACE, pipeline.getMetadata().getNamespace());
        labels.put(COMPILATION_LABEL, "true");
        return labels;
    }

    private static boolean succeeded(JobStatus status) {
        return status != null && ((status.getSucceeded() != null && status.getSucceeded() >= 1) || condition(status, "Complete").isPresent());
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private JsonNode compiledPipeline(String namespace, String name) {
        Optional<String> log = podLog(namespace, name, "Succeeded");
        if (log.isEmpty()) {
            // The output is gone with the pod: compiling again is the only way to get it.
            delete(namespace, name);
            throw new DefinitionException("compilation Job " + namespace + "/" + name
                    + " succeeded but its pod is gone, so its output cannot be read; compiling again", true);
        }
        String text = log.get();
        int at = markerEnd(text);
        if (at < 0) {
            delete(namespace, name);
            throw new DefinitionException("compilation Job " + namespace + "/" + name + " succeeded but printed no compiled pipeline; log ends:\n"
                    + lastLines(text), false);
        }
        JsonNode compiled;
        try {
            compiled = YAML.readTree(text.substring(at));
        } catch (IOException e) {
            delete(namespace, name);
            throw new DefinitionException("compilation Job " + namespace + "/" + name + " printed a compiled pipeline that is not valid YAML or JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + "); log ends:\n" + lastLines(text), false);
        }
        if (compiled == null || !compiled.isObject()) {
            delete(namespace, name);
            throw new DefinitionException("compilation Job " + namespace + "/" + name + " printed a compiled pipeline that is not a YAML or JSON object;"
                    + " log ends:\n" + lastLines(text), false);
        }
        try {
            delete(namespace, name);
        } catch (KubernetesClientException e) {
            // The result is in hand; ttlSecondsAfterFinished removes the Job later.
            LOG.warn("could not delete finished compilation Job {}/{}: {}", namespace, name, e.getMessage());
        }
        LOG.info("compiled pipeline read from Job {}/{}", namespace, name);
        return compiled;
    }

    /** Index just after the marker line, or -1. The marker must be a whole line, so chatter quoting it does not count. */
    static int markerEnd(String log) {
        int from = 0;
        while (true) {
            int at = log.indexOf(MARKER, from);
            if (at < 0) {
                return -1;
            }
            int end = at + MARKER.length();
            boolean lineStart = at == 0 || log.charAt(at - 1) == '\n';
            boolean lineEnd = end == log.length() || log.charAt(end) == '\n' || log.charAt(end) == '\r';
            if (lineStart && lineEnd) {
                return end;
            }
            from = end;
        }
    }

    private DefinitionException failure(String namespace, String name, JobCondition failed) {
        String message;
        if ("DeadlineExceeded".equals(failed.getReason())) {
            message = "compilation timed out after " + human(timeout) + " (Job " + namespace + "/" + name + " was stopped)"
                    + podLog(namespace, name, "Failed").map(log -> log.isBlank() ? "" : "; log ends:\n" + lastLines(log)).orElse("");
        } else {
            String why = failed.getReason() == null ? "" : " (" + failed.getReason()
                    + (failed.getMessage() == null ? "" : ": " + failed.getMessage()) + ")";
            message = "compilation failed: Job " + namespace + "/" + name + why
                    + podLog(namespace, name, "Failed").map(log -> log.isBlank() ? "; the compile container printed nothing" : "; log ends:\n" + lastLines(log))
                    .orElse("; its pod and log are no longer available");
        }
        try {
            delete(namespace, name);
        } catch (KubernetesClientException e) {
            // Report once the Job is gone, so that a retry compiles afresh instead of finding this failure again.
            return new DefinitionException(message + " (deleting the Job failed: " + e.getMessage() + ")", true);
        }
        return new DefinitionException(message, false);
    }

    /** The compile container's log of the Job's pod (preferring one in {@code phase}, then the newest), if there is a pod. */
    private Optional<String> podLog(String namespace, String job, String phase) {
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace).withLabel("batch.kubernetes.io/job-name", job).list().getItems());
        if (pods.isEmpty()) {
            pods.addAll(client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems());
        }
        Optional<Pod> pod = pods.stream().max(Comparator
                .comparing((Pod p) -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()))
                .thenComparing(p -> Optional.ofNullable(p.getMetadata().getCreationTimestamp()).orElse("")));
        if (pod.isEmpty()) {
            return Optional.empty();
        }
        try {
            String log = client.pods().inNamespace(namespace).withName(pod.get().getMetadata().getName()).inContainer(COMPILE_CONTAINER).getLog();
            return Optional.of(log == null ? "" : log);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 400) {
                // 400: the container never started (e.g. the init container failed); 404: the pod went away.
                return Optional.empty();
            }
            throw e;
        }
    }

    private void delete(String namespace, String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    static String lastLines(String log) {
        List<String> lines = Arrays.stream(log.split("\r?\n")).filter(line -> !line.isBlank()).toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_MESSAGES), lines.size());
        String text = String.join("\n", tail);
        return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || text.length() == 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
