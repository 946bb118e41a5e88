package io.kfpoperator.bench;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;

/**
 * Runs in its own JVM for the {@code startup} scenario and prints, in milliseconds since that JVM
 * started: when main began, when the controller was ready (informers synced), and when its first
 * reconcile finished (a waiting Experiment became Succeeded). With {@code --baseline} it prints
 * only the first: the cost of starting any JVM here.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainMs = System.currentTimeMillis() - jvmStart;
        if (args.length == 1 && args[0].equals("--baseline")) {
            System.out.println("main=" + mainMs);
            return;
        }
        String apiServer = args[0];
        URI providerService = URI.create(args[1]);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(apiServer)
                .withTrustCerts(true).build()).build();
        OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)),
                OperatorConfig.defaults().spec()).withContainerCompilation(OperatorConfig.ContainerCompilation.SIMULATED);
        var operator = KfpOperatorController.operator(client, single, ProviderEndpoints.fixed(providerService), Clock.systemUTC());
        operator.start();
        long readyMs = System.currentTimeMillis() - jvmStart;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            Experiment e = client.resources(Experiment.class).inNamespace("default").withName("startup-probe").get();
            if (e != null && e.getStatus() != null && e.getStatus().getProvider() != null && e.getStatus().getProvider().getId() != null
                    && !e.getStatus().getProvider().getId().isEmpty()) {
                break;
            }
            Thread.sleep(10);
        }
        long reconciledMs = System.currentTimeMillis() - jvmStart;
        System.out.println("main=" + mainMs + " ready=" + readyMs + " reconciled=" + reconciledMs);
        operator.stop();
        client.close();
        System.exit(0);
    }
}
