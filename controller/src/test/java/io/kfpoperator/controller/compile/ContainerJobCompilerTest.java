package io.kfpoperator.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.controller.compile.DefinitionException;
import io.kfpoperator.controller.kube.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler against our API server (kube-apiserver's semantics, in process). Nothing runs Jobs
 * here: the tests play the Job controller and kubelet by writing Job status and pods themselves,
 * and say what a pod's container printed through {@link ApiServer#podLogs}.
 */
class ContainerJobCompilerTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NS = "kfp-operator";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static final String PROVIDER = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: Provider
            metadata: {name: vai, namespace: kfp-operator}
            spec:
              serviceImage: "kfp-operator:0.1.0"
              serviceAccount: provider
              pipelineRootStorage: "gs://bucket/root"
              frameworks:
                - {name: tfx, image: "ghcr.io/example/tfx-compiler:1.0"}
            """;

    private static final String PIPELINE = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: Pipeline
            metadata: {name: penguins, namespace: team-a}
            spec:
              provider: kfp-operator/vai
              image: "ghcr.io/example/penguins:2.3"
              env:
                - {name: TRAINING_STEPS, value: "100"}
              framework: {name: %s, parameters: {}}
            """;

    private static final String COMPILED = """
            pipelineInfo: {name: penguins}
            schemaVersion: 2.1.0
            root:
              dag:
                tasks:
                  trainer: {componentRef: {name: comp-trainer}}
            """;

    private TestCluster cluster;
    private KubernetesClient client;
    private ContainerJobCompiler compiler;
    /** What each pod's compile container printed ("namespace/pod"), as the kubelet would serve it. */
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() {
        cluster = TestCluster.empty(ApiServer.Options.defaults());
        cluster.server.createNamespace(NS);
        cluster.server.podLogs((namespace, pod, container) ->
                container.equals("compile") ? Optional.ofNullable(logs.get(namespace + "/" + pod)) : Optional.empty());
        client = cluster.client;
        compiler = new ContainerJobCompiler(client, TIMEOUT, "pipeline-compiler");
    }

    @AfterEach
    void stopServer() {
        cluster.close();
    }

    @Test
    void firstCallCreatesOneJobAndLaterCallsWaitForIt() throws IOException {
        CompileRequest request = request("tfx", "v1");

        Compilation first = compiler.compile(request);

        List<Job> jobs = jobs();
        assertThat(jobs).hasSize(1);
        Job job = jobs.get(0);
        String name = job.getMetadata().getName();
        assertThat(first).isEqualTo(new Compilation.InProgress("compiling in Job kfp-operator/" + name));
        assertThat(name).startsWith("compile-penguins-").hasSize("compile-penguins-".length() + 10).matches("[a-z0-9-]+");
        assertThat(job.getMetadata().getNamespace()).isEqualTo(NS);
        Map<String, String> labels = Map.of(
                Labels.OWNER_KIND, "pipeline",
                Labels.OWNER_NAME, "penguins",
                Labels.OWNER_NAMESPACE, "team-a",
                ContainerJobCompiler.COMPILATION_LABEL, "true");
        assertThat(job.getMetadata().getLabels()).containsAllEntriesOf(labels);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(labels);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo("pipeline-compiler");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("shared");
            assertThat(volume.getEmptyDir()).isNotNull();
        });
        Container init = pod.getInitContainers().get(0);
        assertThat(pod.getInitContainers()).hasSize(1);
        assertThat(init.getName()).isEqualTo("framework");
        assertThat(init.getImage()).isEqualTo("ghcr.io/example/tfx-compiler:1.0");
        assertThat(init.getArgs()).containsExactly("/shared");
        assertThat(init.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo("shared");
            assertThat(mount.getMountPath()).isEqualTo("/shared");
        });
        Container main = pod.getContainers().get(0);
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(main.getName()).isEqualTo("compile");
        assertThat(main.getImage()).isEqualTo("ghcr.io/example/penguins:2.3");
        assertThat(main.getCommand()).hasSize(3).startsWith("sh", "-c");
        assertThat(main.getCommand().get(2)).isEqualTo(ContainerJobCompiler.script("/shared", "/tmp"))
                .contains("\"$RESOURCE_DEFINITION\" > '/tmp/resource-definition.yaml'")
                .contains("'/shared/compile.sh' --output_file '/tmp/resource.yaml' --pipeline_config '/tmp/resource-definition.yaml'");
        assertThat(main.getVolumeMounts()).singleElement().satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/shared"));
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : main.getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        assertThat(env).containsEntry("TRAINING_STEPS", "100").containsKey("RESOURCE_DEFINITION");
        assertThat(new ObjectMapper().readTree(env.get("RESOURCE_DEFINITION"))).isEqualTo(request.definition());

        Compilation second = compiler.compile(request);

        assertThat(second).isEqualTo(first);
        assertThat(jobs()).hasSize(1);
    }

    @Test
    void runningJobIsWaitedFor() {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        Job job = jobs().get(0);
        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withActive(1).build());
        client.batch().v1().jobs().resource(job).updateStatus();

        assertThat(compiler.compile(request)).isInstanceOf(Compilation.InProgress.class);
        assertThat(jobs()).hasSize(1);
    }

    @Test
    void completedJobYieldsThePipelinePrintedAfterTheMarkerAndIsDeleted() throws IOException {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        String job = finish("Complete", null);
        podWithLog(job, "Succeeded", """
                Downloading tfx...
                WARNING: something about protobuf
                compiled 3 components
                %s
                %s""".formatted(ContainerJobCompiler.MARKER, COMPILED));

        Compilation result = compiler.compile(request);

        assertThat(result).isEqualTo(new Compilation.Compiled(YAML.readTree(COMPILED)));
        assertThat(jobs()).isEmpty();
    }

    @Test
    void succeededJobWithoutMarkerIsAPermanentErrorShowingTheLog() {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        String job = finish("Complete", null);
        podWithLog(job, "Succeeded", "compile.sh: nothing to do\n");

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("printed no compiled pipeline").hasMessageContaining("compile.sh: nothing to do");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void failedJobIsAPermanentErrorWithTheLastLogLinesAndIsDeleted() {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        String job = finish("Failed", "BackoffLimitExceeded");
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("ModuleNotFoundError: No module named 'penguins'\n");
        podWithLog(job, "Failed", log.toString());

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageStartingWith("compilation failed: ")
                .hasMessageContaining("ModuleNotFoundError: No module named 'penguins'")
                .hasMessageContaining("line 30").hasMessageContaining("line 22")
                .hasMessageNotContaining("line 21\n");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void failedJobWithoutPodStillSaysWhatFailed() {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        finish("Failed", "BackoffLimitExceeded");

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageStartingWith("compilation failed: ")
                .hasMessageContaining("BackoffLimitExceeded").hasMessageContaining("no longer available");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void jobStoppedAtItsDeadlineSaysItTimedOut() {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        finish("Failed", "DeadlineExceeded");

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageStartingWith("compilation timed out after 10m");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void jobDeletedMidwayIsRecreated() {
        CompileRequest request = request("tfx", "v1");
        compiler.compile(request);
        String name = jobs().get(0).getMetadata().getName();
        client.batch().v1().jobs().inNamespace(NS).withName(name).delete();
        assertThat(jobs()).isEmpty();

        assertThat(compiler.compile(request)).isInstanceOf(Compilation.InProgress.class);

        assertThat(jobs()).singleElement().satisfies(job -> assertThat(job.getMetadata().getName()).isEqualTo(name));
    }

    @Test
    void apiErrorsAreTransient() throws IOException {
        CompileRequest request = request("tfx", "v1");
        String name = ContainerJobCompiler.jobName(request.pipeline(), request.definition().toString());
        String jobPath = "/apis/batch/v1/namespaces/" + NS + "/jobs/" + name;
        // 403: the controller's RBAC misses Jobs, which an administrator can fix. (fabric8 retries 5xx itself.)
        // The server authorizes everything, so the first read of the Job goes to a stand-in answering as
        // kube-apiserver's authorizer does; later requests reach the server.
        HttpServer forbidding = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        forbidding.createContext("/", exchange -> {
            byte[] body = """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"Forbidden","code":403,
                     "message":"jobs.batch \"%s\" is forbidden: User \"system:serviceaccount:kfp-operator:kfp-operator\" cannot get resource \"jobs\" in API group \"batch\" in the namespace \"%s\"",
                     "details":{"name":"%s","group":"batch","kind":"jobs"}}""".formatted(name, NS, name).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        forbidding.start();
        AtomicBoolean forbid = new AtomicBoolean(true);
        Interceptor once = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest http, RequestTags tags) {
                URI uri = http.uri();
                if (http.method().equals("GET") && uri.getPath().equals(jobPath) && forbid.getAndSet(false)) {
                    builder.uri(URI.create("http://127.0.0.1:" + forbidding.getAddress().getPort() + uri.getRawPath()));
                }
            }
        };
        Config config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient faulty = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("forbid-once", once)).build()) {
            ContainerJobCompiler compiler = new ContainerJobCompiler(faulty, TIMEOUT, "pipeline-compiler");

            assertThatThrownBy(() -> compiler.compile(request))
                    .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining(name);
            assertThat(forbid).isFalse();
            assertThat(compiler.compile(request)).isInstanceOf(Compilation.InProgress.class);
        } finally {
            forbidding.stop(0);
        }
    }

    @Test
    void frameworkNotListedByTheProviderIsAClearPermanentError() {
        CompileRequest request = request("kfpsdk", "v1");

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessage("framework 'kfpsdk' is not listed in Provider kfp-operator/vai spec.frameworks");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void changedDefinitionGetsADifferentJob() {
        compiler.compile(request("tfx", "v1"));
        compiler.compile(request("tfx", "v2"));

        assertThat(jobs()).extracting(job -> job.getMetadata().getName()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void longPipelineNamesGiveValidJobNames() {
        Pipeline pipeline = Manifests.read(yaml(PIPELINE.formatted("tfx").replace("name: penguins", "name: " + "p.".repeat(60) + "z")), Pipeline.class);
        String name = ContainerJobCompiler.jobName(pipeline, "{}");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void scriptPrintsMarkerAndCompiledPipelineWhenCompileSucceeds(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path work = Files.createDirectories(dir.resolve("tmp"));
        // The fake compiler chatters without a final newline, checks it was given the definition, and writes YAML.
        fakeCompiler(shared, """
                #!/bin/sh
                printf 'compiling...'
                [ "$1" = --output_file ] && [ "$3" = --pipeline_config ] || exit 3
                grep -q '"name":"penguins"' "$4" || exit 4
                printf 'pipelineInfo:\\n  name: penguins\\n' > "$2"
                """);

        Result run = run(ContainerJobCompiler.script(shared.toString(), work.toString()), "{\"name\":\"penguins\"}");

        assertThat(run.exit).isZero();
        int end = ContainerJobCompiler.markerEnd(run.stdout);
        assertThat(end).isPositive();
        assertThat(run.stdout).startsWith("compiling...\n");
        assertThat(YAML.readTree(run.stdout.substring(end))).isEqualTo(YAML.readTree("pipelineInfo: {name: penguins}"));
    }

    @Test
    void scriptFailsWithoutMarkerWhenCompileFails(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path work = Files.createDirectories(dir.resolve("tmp"));
        fakeCompiler(shared, """
                #!/bin/sh
                echo 'Traceback: boom'
                exit 2
                """);

        Result run = run(ContainerJobCompiler.script(shared.toString(), work.toString()), "{}");

        assertThat(run.exit).isNotZero();
        assertThat(run.stdout).contains("Traceback: boom").doesNotContain(ContainerJobCompiler.MARKER);
    }

    private record Result(int exit, String stdout) {
    }

    private static void fakeCompiler(Path shared, String script) throws IOException {
        Path compile = shared.resolve("compile.sh");
        Files.writeString(compile, script);
        Files.setPosixFilePermissions(compile, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Result run(String script, String definition) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        builder.environment().put("RESOURCE_DEFINITION", definition);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stdout);
    }

    private CompileRequest request(String framework, String version) {
        Pipeline pipeline = Manifests.read(yaml(PIPELINE.formatted(framework)), Pipeline.class);
        Provider provider = Manifests.read(yaml(PROVIDER), Provider.class);
        ObjectNode definition = new ObjectMapper().createObjectNode()
                .put("name", "team-a/penguins").put("version", version).put("image", pipeline.getSpec().getImage())
                .put("framework", framework);
        definition.putArray("env").addObject().put("name", "TRAINING_STEPS").put("value", "100");
        return new CompileRequest(pipeline, definition, provider);
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    /** Plays the Job controller: marks the only Job finished with a condition of {@code type}. */
    private String finish(String type, String reason) {
        Job job = jobs().get(0);
        Job finished = new JobBuilder(job).withNewStatus()
                .withSucceeded("Complete".equals(type) ? 1 : 0).withFailed("Failed".equals(type) ? 1 : 0)
                .addNewCondition().withType(type).withStatus("True").withReason(reason).endCondition()
                .endStatus().build();
        client.batch().v1().jobs().resource(finished).updateStatus();
        return job.getMetadata().getName();
    }

    /** Plays the Job controller and kubelet: a pod of {@code job} in {@code phase}, and its compile container's log. */
    private void podWithLog(String job, String phase, String log) {
        String pod = job + "-x7k2p";
        client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(NS)
                .addToLabels("batch.kubernetes.io/job-name", job).addToLabels("job-name", job).endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build()).create();
        logs.put(NS + "/" + pod, log);
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
