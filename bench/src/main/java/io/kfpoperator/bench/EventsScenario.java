package io.kfpoperator.bench;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationSpec;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code events}: N run-completion events at 100/s into {@code /events} with the JetStream sink
 * on a real {@code nats-server}; latency from request to answer (the answer comes after the
 * stream acknowledged) and events lost. Baseline: the same number of messages published straight
 * to JetStream with jnats, at the same rate, waiting for each ack.
 */
final class EventsScenario implements Scenario {

    private static final int RATE_PER_SECOND = 100;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public List<Measurement> run(Path repository, int n) throws Exception {
        Path storage = Files.createTempDirectory("bench-nats");
        int natsPort = freePort();
        Process nats = new ProcessBuilder("nats-server", "-js", "-a", "127.0.0.1", "-p", Integer.toString(natsPort), "-sd", storage.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BenchEnvironment env = new BenchEnvironment(repository)) {
            String natsUrl = "nats://127.0.0.1:" + natsPort;
            awaitNats(natsUrl);
            List<Double> baseline = publishDirectly(natsUrl, n);

            int eventsPort = freePort();
            OperatorConfig config = ConfigLoader.load(null, Map.of(
                    "system.leaderElection.enabled", "false",
                    "spec.runCompletionFeed.port", Integer.toString(eventsPort),
                    "spec.compilation.containers", "simulated",
                    "spec.monitoring.metricsPort", Integer.toString(freePort()),
                    "spec.monitoring.healthPort", Integer.toString(freePort()),
                    "spec.events.sinks", "[{type: nats, url: \"" + natsUrl + "\", stream: bench-events, subject: bench-events}]"));
            Workload workload = new Workload(env.client, repository);
            workload.provider();
            RunConfiguration rc = new RunConfiguration();
            ObjectMeta meta = new ObjectMeta();
            meta.setNamespace("default");
            meta.setName("bench-rc");
            rc.setMetadata(meta);
            rc.setSpec(new RunConfigurationSpec().withRun(new RunSpec().withProvider(Workload.PROVIDER).withPipeline("pipeline-0")));
            env.client.resource(rc).create();

            List<Double> latencies;
            long onStream;
            try (KfpOperatorController.RunningController controller = KfpOperatorController.start(env.client, config,
                    ProviderEndpoints.fixed(env.providerService.localUri()), Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                URI endpoint = URI.create("http://127.0.0.1:" + eventsPort + "/events");
                latencies = paced(n, i -> {
                    HttpRequest request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(event(i))).build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() / 100 != 2) {
                            throw new IllegalStateException("event " + i + " answered " + response.statusCode() + ": " + response.body());
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException("event " + i + " could not be sent: " + e.getMessage(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                try (Connection connection = Nats.connect(natsUrl)) {
                    onStream = connection.jetStreamManagement().getStreamInfo("bench-events").getStreamState().getMsgCount();
                }
            }
            return List.of(
                    Measurement.plain("events", "events sent", n, "count"),
                    Measurement.plain("events", "events lost (sent − on the stream)", n - onStream, "count"),
                    Measurement.against("events", "p50 request to stream ack", percentile(latencies, 50), percentile(baseline, 50), "ms"),
                    Measurement.against("events", "p99 request to stream ack", percentile(latencies, 99), percentile(baseline, 99), "ms"),
                    Measurement.against("events", "max request to stream ack", percentile(latencies, 100), percentile(baseline, 100), "ms"));
        } finally {
            nats.destroy();
            nats.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String event(int i) {
        return """
                {"status":"succeeded","pipelineName":"default/pipeline-0","runConfigurationName":"default/bench-rc",
                 "runId":"bench-run-%d","runStartTime":"2026-01-01T00:00:00Z","runEndTime":"2026-01-01T00:01:00Z",
                 "pipelineComponents":[],"provider":"kfp-operator/simulated"}""".formatted(i);
    }

    private static List<Double> publishDirectly(String natsUrl, int n) throws Exception {
        try (Connection connection = Nats.connect(natsUrl)) {
            JetStreamManagement management = connection.jetStreamManagement();
            management.addStream(StreamConfiguration.builder().name("bench-baseline").subjects("bench-baseline")
                    .storageType(StorageType.File).build());
            JetStream jetStream = connection.jetStream();
            return paced(n, i -> {
                Headers headers = new Headers().add("Nats-Msg-Id", "baseline-" + i);
                try {
                    jetStream.publish(NatsMessage.builder().subject("bench-baseline").headers(headers)
                            .data(event(i).getBytes(StandardCharsets.UTF_8)).build(), PublishOptions.builder().build());
                } catch (Exception e) {
                    throw new IllegalStateException("baseline publish " + i + " failed: " + e.getMessage(), e);
                }
            });
        }
    }

    /** Runs {@code send} n times at RATE_PER_SECOND, one after another, and returns each call's milliseconds. */
    private static List<Double> paced(int n, java.util.function.IntConsumer send) throws InterruptedException {
        List<Double> latencies = new ArrayList<>(n);
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long start = System.nanoTime();
            send.accept(i);
            latencies.add((System.nanoTime() - start) / 1e6);
            next += interval;
        }
        return latencies;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void awaitNats(String url) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ignored = Nats.connect(url)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nats-server did not start at " + url + " (is nats-server on the PATH?)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
