package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.RunAttempts;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunAttempt;
import io.kfpoperator.provider.simulated.SimulatedRun;
import io.kfpoperator.provider.simulated.SimulatedRunState;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.retry and spec.timeout from the user's side: a manifest applied to the API server, the
 * controller submitting to the simulated platform behind a real provider service, its completion
 * loop posting to the endpoint, which publishes to a real nats-server.
 */
class RunRetriesIT extends EventsTestBase {

    private CompletionSender sender;
    private ProviderMetrics providerMetrics;

    @BeforeEach
    void startSender() throws IOException {
        harness.platform.setRunDuration(Duration.ofSeconds(1));
        sender = CompletionSender.start(harness.platform, endpoint());
        providerMetrics = sender.metrics;
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
    }

    @AfterEach
    void stopSender() throws IOException {
        sender.close();
    }

    private static String run(String name, String extraSpec, String... parameters) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < parameters.length; i += 2) {
            p.append("    - {name: \"").append(parameters[i]).append("\", value: \"").append(parameters[i + 1]).append("\"}\n");
        }
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: %s, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  pipeline: hello
                %s
                  parameters:
                %s""".formatted(name, extraSpec.indent(2).stripTrailing(), p.toString().isEmpty() ? "    []\n" : p);
    }

    private Run awaitCompleted(String name) {
        return awaitResource(Run.class, name, r -> r.getStatus() != null && r.getStatus().getCompletionState() != null);
    }

    private List<SimulatedRun> platformRuns(String name) {
        return harness.platform.runs().stream().filter(r -> ("default/" + name).equals(r.name())).toList();
    }

    private List<JsonNode> publishedFor(String name) {
        return streamMessages().stream().map(MessageInfo::getData).map(EventsTestBase::parse)
                .filter(e -> ("default/" + name).equals(e.path("data").path("runName").asText())).toList();
    }

    private static Condition completed(Run run) {
        return Conditions.find(conditions(run), RunAttempts.COMPLETED).orElseThrow();
    }

    @Test
    void aRunThatFailsTwiceSucceedsOnItsThirdAttemptAndOnlyTheFinalOutcomeIsPublished() {
        harness.apply(run("flaky", """
                retry: {attempts: 3, backoff: {initial: 1s, max: 2s}}""", "simulated.failAttempts", "2"));

        Run done = awaitCompleted("flaky");

        assertThat(done.getStatus().getCompletionState()).isEqualTo("Succeeded");
        assertThat(done.getStatus().getAttempt()).isEqualTo(3);
        assertThat(done.getStatus().getNextAttemptAt()).isNull();
        assertThat(done.getStatus().getAttempts()).extracting(RunAttempt::getAttempt, RunAttempt::getOutcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "Failed"), org.assertj.core.groups.Tuple.tuple(2, "Failed"),
                        org.assertj.core.groups.Tuple.tuple(3, "Succeeded"));
        assertThat(done.getStatus().getAttempts()).allSatisfy(a -> {
            assertThat(a.getStartedAt()).isNotNull();
            assertThat(a.getFinishedAt()).isNotNull();
        });
        List<SimulatedRun> runs = platformRuns("flaky");
        assertThat(runs).extracting(SimulatedRun::attempt).containsExactly(1, 2, 3);
        assertThat(done.getStatus().getAttempts()).extracting(RunAttempt::getProviderId)
                .containsExactlyElementsOf(runs.stream().map(SimulatedRun::id).toList());
        assertThat(done.getStatus().getProvider().getId()).isEqualTo(runs.get(2).id());
        assertThat(completed(done).getReason()).isEqualTo("Succeeded");

        eventually().until(() -> providerMetrics.eventsSent(ProviderMetrics.EventResult.Success) == 3);
        eventually().until(() -> publishedFor("flaky").size() == 1);
        JsonNode data = publishedFor("flaky").get(0).path("data");
        assertThat(data.path("status").asText()).isEqualTo("succeeded");
        assertThat(data.path("runId").asText()).isEqualTo(runs.get(2).id());
        assertThat(data.path("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void aRunWhoseAttemptsAreUsedUpFailsOnceWithTheAttemptCount() {
        harness.apply(run("doomed", """
                retry: {attempts: 2, backoff: {initial: 1s}}""", "simulated.failAttempts", "9"));

        Run done = awaitCompleted("doomed");

        assertThat(done.getStatus().getCompletionState()).isEqualTo("Failed");
        assertThat(done.getStatus().getAttempt()).isEqualTo(2);
        assertThat(completed(done).getReason()).isEqualTo("Failed");
        assertThat(completed(done).getMessage()).isEqualTo("attempt 2 failed");
        assertThat(platformRuns("doomed")).hasSize(2);
        eventually().until(() -> publishedFor("doomed").size() == 1);
        assertThat(publishedFor("doomed").get(0).path("data").path("status").asText()).isEqualTo("failed");
        assertThat(publishedFor("doomed").get(0).path("data").path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void withoutRetryAFailedRunCompletesAtOnceAsBefore() {
        harness.apply(run("plain", "", "simulated.failAttempts", "1"));

        Run done = awaitCompleted("plain");

        assertThat(done.getStatus().getCompletionState()).isEqualTo("Failed");
        assertThat(done.getStatus().getAttempt()).isEqualTo(1);
        assertThat(platformRuns("plain")).hasSize(1);
        eventually().until(() -> publishedFor("plain").size() == 1);
        assertThat(publishedFor("plain").get(0).path("data").path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void anAttemptPastItsTimeoutIsStoppedOnThePlatformCountsAsFailedAndTheLastCompletesTimedOut() {
        harness.apply(run("slow", """
                timeout: 2s
                retry: {attempts: 2, backoff: {initial: 1s}}""", "simulated.runDuration", "10m"));

        Run done = awaitCompleted("slow");

        assertThat(done.getStatus().getCompletionState()).isEqualTo("Failed");
        assertThat(completed(done).getReason()).isEqualTo("TimedOut");
        assertThat(completed(done).getMessage()).contains("spec.timeout 2s");
        assertThat(done.getStatus().getAttempts()).extracting(RunAttempt::getOutcome).containsExactly("TimedOut", "TimedOut");
        assertThat(platformRuns("slow")).extracting(SimulatedRun::state).containsExactly(SimulatedRunState.STOPPED, SimulatedRunState.STOPPED);
        RunAttempt first = done.getStatus().getAttempts().get(0);
        assertThat(Duration.between(java.time.Instant.parse(first.getStartedAt()), java.time.Instant.parse(first.getFinishedAt())))
                .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
        eventually().until(() -> publishedFor("slow").size() == 1);
        assertThat(publishedFor("slow").get(0).path("data").path("status").asText()).isEqualTo("failed");
    }

    @Test
    void runsARunConfigurationStartsCopyItsRetryAndOnlyTheFinalSuccessTriggersDependants() {
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: flaky-template, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    retry: {attempts: 2, backoff: {initial: 1s}}
                    parameters: [{name: simulated.failAttempts, value: "1"}]
                  triggers: {onChange: [pipeline]}
                """);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: after-flaky, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                  triggers: {runConfigurations: [flaky-template]}
                """);

        eventually().until(() -> runsOf("after-flaky").size() == 1);
        Run triggered = runsOf("flaky-template").get(0);
        assertThat(triggered.getSpec().getRetry().getAttempts()).isEqualTo(2);
        Run done = awaitCompleted(triggered.getMetadata().getName());
        assertThat(done.getStatus().getAttempts()).extracting(RunAttempt::getOutcome).containsExactly("Failed", "Succeeded");
        io.kfpoperator.api.v1beta1.RunConfiguration rc = get(io.kfpoperator.api.v1beta1.RunConfiguration.class, "flaky-template");
        assertThat(rc.getStatus().getLatestRuns().getSucceeded().getProviderId()).isEqualTo(done.getStatus().getAttempts().get(1).getProviderId());
        awaitCompleted(runsOf("after-flaky").get(0).getMetadata().getName());
        assertThat(runsOf("after-flaky")).hasSize(1);
    }

    private List<Run> runsOf(String runConfiguration) {
        return harness.client.resources(Run.class).inNamespace("default")
                .withLabel("pipelines.kubeflow.org/runconfiguration.name", runConfiguration).list().getItems();
    }

    @Test
    void badRetriesAndTimeoutsAreRefusedAtApplyTimeWithTheirFieldPaths() {
        assertThatThrownBy(() -> harness.apply(run("bad-attempts", "retry: {attempts: -1}")))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.retry.attempts");
        assertThatThrownBy(() -> harness.apply(run("bad-timeout", "timeout: -5m")))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.timeout");
        assertThatThrownBy(() -> harness.apply(run("zero-timeout", "timeout: 0s")))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.timeout").hasMessageContaining("positive duration");
        assertThatThrownBy(() -> harness.apply(run("bad-backoff", "retry: {attempts: 2, backoff: {initial: 5m, max: 1m}}")))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.retry.backoff")
                .hasMessageContaining("max must not be shorter than initial");
        // Refused by the manifest reader before it reaches the API server (whose schema has the enum too).
        assertThatThrownBy(() -> harness.apply(run("bad-on", "retry: {attempts: 2, when: [Cancelled]}")))
                .hasMessageContaining("spec.retry.when[0]").hasMessageContaining("expected one of Failed, Stopped");
        assertThat(harness.client.resources(Run.class).inNamespace("default").list().getItems()).isEmpty();
        // The same fields of a RunConfiguration's run template are refused at the same paths.
        assertThatThrownBy(() -> harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: bad-template, namespace: default}
                spec:
                  run: {provider: kfp-operator/simulated, pipeline: hello, timeout: 10 minutes, retry: {attempts: 21}}
                  triggers: {onChange: [pipeline]}
                """)).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.run.timeout").hasMessageContaining("spec.run.retry.attempts");
    }
}
