package io.kfpoperator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.kfpoperator.controller.admission.AdmissionWebhookServer;
import io.kfpoperator.controller.compile.Compilers;
import io.kfpoperator.controller.compile.ContainerJobCompiler;
import io.kfpoperator.controller.compile.SimulatedPipelineCompiler;
import io.kfpoperator.controller.compile.StaticPipelineCompiler;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.DirectExecutionEngine;
import io.kfpoperator.controller.engine.ExecutionEngines;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.controller.engine.argo.ArgoExecutionEngine;
import io.kfpoperator.controller.events.RunCompletionEvents;
import io.kfpoperator.controller.experiment.ExperimentReconciler;
import io.kfpoperator.controller.health.OperationsServer;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.leader.LeaderFence;
import io.kfpoperator.controller.metrics.ProviderAvailability;
import io.kfpoperator.controller.metrics.ReconcileMetrics;
import io.kfpoperator.controller.metrics.ResourceStates;
import io.kfpoperator.controller.pipeline.PipelineReconciler;
import io.kfpoperator.controller.provider.ProviderReconciler;
import io.kfpoperator.controller.run.RunReconciler;
import io.kfpoperator.controller.runconfiguration.RunConfigurationReconciler;
import io.kfpoperator.controller.runschedule.RunScheduleReconciler;
import io.kfpoperator.controller.status.ReconcileErrors;
import io.kfpoperator.controller.sync.ControllerServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/** Wires the controller: one reconciler per kind on one JOSDK operator. */
public final class KfpOperatorController {

    private static final int MAX_CONCURRENT_CALLS_PER_PROVIDER = 10;
    private static final Duration PROVIDER_AVAILABILITY_INTERVAL = Duration.ofSeconds(30);

    static {
        // Our reconcile lines carry kind, namespace and name already; the SDK's resource.* copies of the
        // same values would appear beside them on every line. Read once, when the SDK's MDC helper loads.
        if (System.getProperty("JAVA_OPERATOR_SDK_USE_MDC") == null && System.getenv("JAVA_OPERATOR_SDK_USE_MDC") == null) {
            System.setProperty("JAVA_OPERATOR_SDK_USE_MDC", "false");
        }
    }

    private KfpOperatorController() {
    }

    /** An operator ready to start; the caller starts and stops it. Its metrics are not exported. */
    public static Operator operator(KubernetesClient client, OperatorConfig config, ProviderEndpoints endpoints, Clock clock) {
        return operator(client, config, endpoints, clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** An operator ready to start, measuring reconciles and provider calls into {@code registry}. */
    public static Operator operator(KubernetesClient client, OperatorConfig config, ProviderEndpoints endpoints, Clock clock,
                                    MeterRegistry registry) {
        return operator(client, config, endpoints, clock, registry, true);
    }

    /**
     * As above; {@code serverSideApply} false only for an API server without it (the fabric8 mock
     * the benchmark keeps as its old baseline): finalizers, status and dependents are then patched
     * without server-side apply.
     */
    public static Operator operator(KubernetesClient client, OperatorConfig config, ProviderEndpoints endpoints, Clock clock,
                                    MeterRegistry registry, boolean serverSideApply) {
        OperatorConfig.LeaderElection election = config.system().leaderElection();
        // With leader election, everything the operator writes (Kubernetes and provider calls) passes the
        // lease's fence; its own client, closed with it. The run-completion endpoint keeps the caller's
        // client: every replica takes events.
        LeaderFence fence = election.enabled()
                ? LeaderFence.forLease(election.namespace().isEmpty() ? client.getNamespace() : election.namespace(), election.id(),
                        election.renewDeadline())
                : LeaderFence.none();
        KubernetesClient operatorClient = fence.fence(client);
        ResourceStates states = new ResourceStates(registry);
        // Built once, outside the overrider: the SDK may apply the overrider more than once.
        ReconcileMetrics reconcileMetrics = new ReconcileMetrics(registry, states);
        Operator operator = new Operator(o -> o
                .withKubernetesClient(operatorClient)
                .withMetrics(reconcileMetrics)
                .withLeaderElectionConfiguration(election.enabled() ? leaderElection(election) : null)
                .withCloseClientOnStop(operatorClient != client)
                // Finalizers are added by a JSON patch, not JOSDK's default server-side apply: its apply names no
                // uid, so on an object deleted a moment before, kube-apiserver creates it again, empty, with the
                // finalizer, and nothing ever deletes it (DeletedAtOnceIT). A patch of a missing object is a 404.
                // Status is ours to write (StatusRecorder). Dependents are matched by SSA, as JOSDK defaults.
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(serverSideApply)
                .withStopOnInformerErrorDuringStartup(true)
                .withCacheSyncTimeout(Duration.ofMinutes(2)));
        DirectExecutionEngine direct = new DirectExecutionEngine(endpoints, new ProviderServiceClient(config.spec().providerCallTimeout(), fence),
                MAX_CONCURRENT_CALLS_PER_PROVIDER, registry, io.kfpoperator.controller.engine.CreateJournal.annotations(operatorClient));
        ExecutionEngines engine = new ExecutionEngines(config.spec().defaultExecutionEngine(), direct,
                config.spec().argo().enabled() ? new ArgoExecutionEngine(operatorClient, endpoints, registry) : null);
        ControllerServices services = new ControllerServices(operatorClient, engine, new EventRecorder(operatorClient, clock), clock, config, states);
        for (Reconciler<?> reconciler : reconcilers(services)) {
            register(operator, reconciler, config);
        }
        return operator;
    }

    /** As {@link #start(KubernetesClient, OperatorConfig, ProviderEndpoints, Clock, MeterRegistry)} with a Prometheus registry. */
    public static RunningController start(KubernetesClient client, OperatorConfig config, ProviderEndpoints endpoints, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of Micrometer's processor meters break Prometheus' naming rules (promtool check
        // metrics): process_cpu_time_ns_total (an abbreviated unit) and system_cpu_count (a gauge
        // named like a histogram's _count). process_cpu_usage stays.
        registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.deny(id ->
                id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        // CPU, memory, GC and threads of the controller process.
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        return start(client, config, endpoints, clock, registry);
    }

    /**
     * Starts the whole controller: the operator and, beside it, the run-completion endpoint on
     * {@code spec.runCompletionFeed.port} with its sinks; {@code registry} receives the event metrics.
     */
    public static RunningController start(KubernetesClient client, OperatorConfig config, ProviderEndpoints endpoints, Clock clock,
            MeterRegistry registry) {
        // Probes and metrics first, so Kubernetes sees "not ready" rather than nothing while informers sync.
        java.util.concurrent.atomic.AtomicReference<Operator> started = new java.util.concurrent.atomic.AtomicReference<>();
        OperationsServer operations = registry instanceof PrometheusMeterRegistry prometheus
                ? operationsServer(config, started, prometheus) : null;
        // The endpoint next: provider services may be sending already, and 503s until the operator is up would only be noise.
        RunCompletionEvents events;
        try {
            events = RunCompletionEvents.start(client, config, new EventRecorder(client, clock), registry);
        } catch (RuntimeException e) {
            if (operations != null) {
                operations.close();
            }
            throw e;
        }
        // Every replica serves the webhook, leader or not: the Service sends reviews to any ready pod.
        AdmissionWebhookServer webhook = null;
        try {
            OperatorConfig.Webhook webhookConfig = config.spec().webhook();
            if (webhookConfig.enabled()) {
                webhook = AdmissionWebhookServer.start(webhookConfig.port(), java.nio.file.Path.of(webhookConfig.certDir()), client);
            }
            Operator operator = operator(client, config, endpoints, clock, registry);
            operator.start();
            started.set(operator);
            ProviderAvailability availability = ProviderAvailability.start(client, endpoints, registry, PROVIDER_AVAILABILITY_INTERVAL);
            return new RunningController(operator, events, registry, operations, availability, webhook);
        } catch (RuntimeException e) {
            if (webhook != null) {
                webhook.close();
            }
            events.close();
            if (operations != null) {
                operations.close();
            }
            throw e;
        }
    }

    private static LeaderElectionConfiguration leaderElection(OperatorConfig.LeaderElection election) {
        return new LeaderElectionConfiguration(election.id(), election.namespace().isEmpty() ? null : election.namespace(),
                election.leaseDuration(), election.renewDeadline(), election.retryPeriod(),
                election.identity().isEmpty() ? null : election.identity(), null, election.exitOnStopLeading());
    }

    private static OperationsServer operationsServer(OperatorConfig config, java.util.concurrent.atomic.AtomicReference<Operator> started,
                                                     PrometheusMeterRegistry registry) {
        OperatorConfig.Monitoring monitoring = config.spec().monitoring();
        String lease = config.system().leaderElection().enabled()
                ? "leader election on (lease " + config.system().leaderElection().id() + "): reconciles while holding the lease, standby otherwise"
                : "leader election off: reconciling";
        try {
            return OperationsServer.start("0.0.0.0", monitoring.healthPort(), monitoring.metricsPort(),
                    () -> started.get() == null || started.get().getRuntimeInfo().allEventSourcesAreHealthy(),
                    () -> {
                        Operator operator = started.get();
                        if (operator == null || !operator.getRuntimeInfo().isStarted()) {
                            return new OperationsServer.Readiness(false, "starting: informers not synced yet");
                        }
                        if (!operator.getRuntimeInfo().allEventSourcesAreHealthy()) {
                            return new OperationsServer.Readiness(false, "unhealthy event sources: "
                                    + operator.getRuntimeInfo().unhealthyEventSources().keySet());
                        }
                        return new OperationsServer.Readiness(true, "ready: informers synced, run-completion endpoint listening; " + lease);
                    },
                    registry);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen on the health port " + monitoring.healthPort() + " or metrics port "
                    + monitoring.metricsPort() + ": " + e.getMessage(), e);
        }
    }

    /** A started controller: the operator and the run-completion endpoint, stopped together. */
    public static final class RunningController implements AutoCloseable {
        private final Operator operator;
        private final RunCompletionEvents events;
        private final MeterRegistry registry;
        private final OperationsServer operations;
        private final ProviderAvailability availability;
        private final AdmissionWebhookServer webhook;

        private RunningController(Operator operator, RunCompletionEvents events, MeterRegistry registry, OperationsServer operations,
                                  ProviderAvailability availability, AdmissionWebhookServer webhook) {
            this.webhook = webhook;
            this.operator = operator;
            this.events = events;
            this.registry = registry;
            this.operations = operations;
            this.availability = availability;
        }

        /** Checks every Provider's service now (the metric is otherwise refreshed every 30 s). */
        public void checkProviders() {
            availability.checkAll();
        }

        /** The health and metrics server, or empty when the registry is not a Prometheus one. */
        public java.util.Optional<OperationsServer> operations() {
            return java.util.Optional.ofNullable(operations);
        }

        /** The admission webhook, or empty when {@code spec.webhook.enabled} is false. */
        public java.util.Optional<AdmissionWebhookServer> webhook() {
            return java.util.Optional.ofNullable(webhook);
        }

        /** The registry the event metrics are in (a PrometheusMeterRegistry unless the caller gave another). */
        public MeterRegistry meterRegistry() {
            return registry;
        }

        public Operator operator() {
            return operator;
        }

        public RunCompletionEvents events() {
            return events;
        }

        /** Stops reconciling first, then the endpoint (a sender retries what it could not deliver). */
        @Override
        public void close() {
            try {
                availability.close();
                operator.stop();
            } finally {
                if (webhook != null) {
                    webhook.close();
                }
                events.close();
                if (operations != null) {
                    operations.close();
                }
            }
        }
    }

    private static List<Reconciler<?>> reconcilers(ControllerServices services) {
        OperatorConfig.Compilation compilation = services.config().spec().compilation();
        Compilers compilers = new Compilers(new StaticPipelineCompiler(services.client()),
                compilation.containers() == OperatorConfig.ContainerCompilation.JOB
                        ? new ContainerJobCompiler(services.client(), compilation.timeout(), compilation.serviceAccount()) : null,
                new SimulatedPipelineCompiler());
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
            // One retry for every kind, from spec.retry, instead of JOSDK's unconfigured default.
            o.withRetry(ReconcileErrors.retry(config.spec().retry()));
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
