package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controller processes under leader election, and the leader frozen (SIGSTOP, as a long GC
 * pause or a frozen VM) with provider calls in flight, past its lease: the standby takes over, and
 * when the old leader wakes up, it writes nothing — neither to the API server nor to the platform —
 * and exits. Requests are told apart by each replica's user agent.
 */
class LeaderFencingTest {

    private static final int N = 6;
    private static final String NAMESPACE = "fencing";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** A write as the API server received it, with when (nanoTime). */
    record Write(long at, HttpFront.Request request) {
    }

    @TempDir
    Path work;

    @Test
    void aLeaderFrozenPastItsLeaseWritesNothingWhenItWakesUp() throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repository.resolve("helm/kfp-operator/crds"))) {
            repository = repository.getParent();
        }
        ApiServer api = ApiServer.start(ApiServer.Options.defaults());
        List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        api.onRequest(request -> {
            if (WRITES.contains(request.method()) && !request.path().contains("/leases")) {
                writes.add(new Write(System.nanoTime(), request));
            }
        });
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.uri().toString())
                .withNamespace("default").build()).build();
        // Every provider call takes a second: the leader is frozen with some in flight.
        int eventsPort = FaultsScenario.freePort();
        SimulatedFaultsPlatform simulated = new SimulatedFaultsPlatform(SimulatedSettings.defaults()
                .withRunDuration(Duration.ofSeconds(2)).withLatency(Duration.ofSeconds(1)), work, eventsPort);
        SimulatedPlatform platform = simulated.platform();
        FaultsScenario.NatsProcess nats = new FaultsScenario.NatsProcess(work.resolve("nats"));
        ControllerProcess a = new ControllerProcess(work, "a", api.uri(), simulated.providerService(), eventsPort, nats.url(), "fencing");
        ControllerProcess b = new ControllerProcess(work, "b", api.uri(), simulated.providerService(), FaultsScenario.freePort(), nats.url(), "fencing");
        try {
            FaultsScenario.installCrds(api, repository);
            nats.start();
            simulated.start();
            Workload workload = new Workload(client, repository);
            workload.provider();
            workload.namespace(NAMESPACE);
            a.start();
            await("a holds the lease").atMost(Duration.ofSeconds(60)).until(() -> "a".equals(holder(client)));
            b.start();

            String uri = "file://" + repository.resolve("examples/pipelines/hello-world.yaml");
            for (int i = 0; i < N; i++) {
                client.resource(Workload.pipeline(NAMESPACE, "pipeline-" + i, uri)).create();
                client.resource(Workload.run(NAMESPACE, "run-" + i, "pipeline-" + i)).create();
            }
            await("a is working: provider calls made").atMost(Duration.ofSeconds(60))
                    .until(() -> platform.pipelines().size() >= 1);
            a.freeze();
            long frozen = System.nanoTime();
            await("b takes the lease over").atMost(Duration.ofSeconds(30)).until(() -> "b".equals(holder(client)));
            Thread.sleep(1000);
            a.thaw();
            long thawed = System.nanoTime();
            await("a exits, having lost its lease").atMost(Duration.ofSeconds(30)).until(() -> !a.alive());

            // Runs are converged once submitted: completion events go to a's endpoint here (in a cluster, to
            // the Service in front of both), so they do not complete.
            try {
                await("b converges everything").atMost(Duration.ofSeconds(120)).until(() -> converged(client));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.err.println("b's log:\n" + Files.readString(b.log()) + "\na's log:\n" + Files.readString(a.log()));
                throw e;
            }

            List<Write> byA = writes.stream().filter(w -> ControllerProcess.userAgent("a").equals(w.request().userAgent())).toList();
            List<Write> byB = writes.stream().filter(w -> ControllerProcess.userAgent("b").equals(w.request().userAgent())).toList();
            List<String> afterWaking = byA.stream().filter(w -> w.at() > thawed).map(w -> w.request().toString()).toList();
            System.out.printf("leader fencing: a wrote %d times before it froze, %d after it woke up; b wrote %d times%n",
                    byA.stream().filter(w -> w.at() < frozen).count(), afterWaking.size(), byB.size());
            assertThat(byA).as("a wrote while it led").isNotEmpty();
            assertThat(byB).as("b wrote after it took over").isNotEmpty();
            assertThat(afterWaking).as("writes of the deposed leader after it woke up").isEmpty();
            // Nothing twice on the platform: what a had started, b finished without repeating it.
            assertThat(platform.pipelines()).hasSize(N);
            assertThat(platform.runs()).hasSize(N);
        } finally {
            a.close();
            b.close();
            simulated.close();
            nats.close();
            client.close();
            api.close();
        }
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("default").withName("kfp-operator-lock").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static boolean converged(KubernetesClient client) {
        List<Pipeline> pipelines = client.resources(Pipeline.class).inNamespace(NAMESPACE).list().getItems();
        List<Run> runs = client.resources(Run.class).inNamespace(NAMESPACE).list().getItems();
        return pipelines.size() == N && runs.size() == N
                && pipelines.stream().allMatch(p -> p.getStatus() != null
                        && Conditions.synchronizationState(p.getStatus().getConditions()) == SynchronizationState.SUCCEEDED)
                && runs.stream().allMatch(r -> r.getStatus() != null
                        && Conditions.synchronizationState(r.getStatus().getConditions()) == SynchronizationState.SUCCEEDED);
    }
}
