package io.kfpoperator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.ConfigurationException;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.provider.ProviderServiceEndpoints;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the controller against the cluster of the current kubeconfig (or in-cluster credentials). */
@Command(name = "controller", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = {
                "Run the kfp-operator controller: reconcile Pipelines, Experiments, RunConfigurations, RunSchedules, Runs and Providers.",
                "Kubernetes access comes from KUBECONFIG, ~/.kube/config or the pod's service account."
        })
final class ControllerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Controller configuration (YAML; the Helm chart's ConfigMap).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key, e.g. --set spec.namespaces=[team-a] (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--provider-endpoint", paramLabel = "URL",
            description = "Send every Provider's calls to this provider service instead of the Service the controller creates (local use).")
    URI providerEndpoint;

    @Override
    public Integer call() throws InterruptedException {
        OperatorConfig operatorConfig;
        try {
            operatorConfig = ConfigLoader.load(config, overrides);
        } catch (ConfigurationException e) {
            spec.commandLine().getErr().println("kfp-operator controller: " + e.getMessage());
            return 2;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        ProviderEndpoints endpoints = providerEndpoint != null ? ProviderEndpoints.fixed(providerEndpoint)
                : new ProviderServiceEndpoints(client, operatorConfig.spec().defaultProviderValues().servicePort());
        KfpOperatorController.RunningController controller;
        try {
            controller = KfpOperatorController.start(client, operatorConfig, endpoints, Clock.systemUTC());
        } catch (KubernetesClientException | IllegalStateException e) {
            spec.commandLine().getErr().println("kfp-operator controller: cannot start: " + e.getMessage());
            client.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Finish in-flight reconciles, release the lease, close the endpoints, then let the JVM exit.
            controller.close();
            client.close();
            stopped.countDown();
        }, "kfp-operator-shutdown"));
        stopped.await();
        return 0;
    }
}
