package io.kfpoperator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.DirectExecutionEngine;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.controller.compile.Compilers;
import io.kfpoperator.controller.compile.SimulatedPipelineCompiler;
import io.kfpoperator.controller.compile.StaticPipelineCompiler;
import io.kfpoperator.controller.experiment.ExperimentReconciler;
import io.kfpoperator.controller.pipeline.PipelineReconciler;
import io.kfpoperator.controller.run.RunReconciler;
import io.kfpoperator.controller.runconfiguration.RunConfigurationReconciler;
import io.kfpoperator.controller.runschedule.RunScheduleReconciler;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.provider.ProviderReconciler;
import io.kfpoperator.controller.sync.ControllerServices;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/** Wires the controller: one reconciler per kind on one JOSDK operator. */
public final class KfpOperatorController {

    private static final Duration PROVIDER_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CONCURRENT_CALLS_PER_PROVIDER = 10;

    private KfpOperatorController() {
    }

    /** An operator ready to start; the caller starts and stops it. */
    public static Operator operator(KubernetesClient client, OperatorConfig config, ProviderEndpoints endpoints, Clock clock) {
        OperatorConfig.LeaderElection election = config.system().leaderElection();
        Operator operator = new Operator(o -> o
                .withKubernetesClient(client)
                .withLeaderElectionConfiguration(election.enabled()
                        ? new LeaderElectionConfiguration(election.id(), election.namespace().isEmpty() ? null : election.namespace())
                        : null)
                .withCloseClientOnStop(false)
                // Server-side apply is not available on every API server we run against (the sandbox's).
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withStopOnInformerErrorDuringStartup(true)
                .withCacheSyncTimeout(Duration.ofMinutes(2)));
        DirectExecutionEngine engine = new DirectExecutionEngine(endpoints, new ProviderServiceClient(PROVIDER_CALL_TIMEOUT),
                MAX_CONCURRENT_CALLS_PER_PROVIDER);
        ControllerServices services = new ControllerServices(client, engine, new EventRecorder(client, clock), clock, config);
        for (Reconciler<?> reconciler : reconcilers(services)) {
            register(operator, reconciler, config);
        }
        return operator;
    }

    private static List<Reconciler<?>> reconcilers(ControllerServices services) {
        Compilers compilers = new Compilers(new StaticPipelineCompiler(services.client()), new SimulatedPipelineCompiler());
        return List.of(
                new PipelineReconciler(services, compilers),
                new ExperimentReconciler(services),
                new RunScheduleReconciler(services),
                new RunReconciler(services),
                new RunConfigurationReconciler(services),
                new ProviderReconciler(services));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void register(Operator operator, Reconciler reconciler, OperatorConfig config) {
        List<String> namespaces = config.spec().namespaces();
        String selector = config.spec().labelSelector();
        Consumer<ControllerConfigurationOverrider> overrides = o -> {
            if (!namespaces.isEmpty()) {
                o.settingNamespaces(new HashSet<>(namespaces));
            }
            if (!selector.isBlank()) {
                o.withLabelSelector(selector);
            }
        };
        operator.register(reconciler, overrides::accept);
    }
}
