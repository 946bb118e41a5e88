package io.kfpoperator.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.v1beta1.ExecutionEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The controller's configuration: one YAML file (the Helm chart's ConfigMap), with keys of the Go
 * operator's controller config kept where they still mean something and ours
 * added. Immutable; loaded and validated once at start by {@link ConfigLoader}.
 */
public record OperatorConfig(SystemConfig system, Spec spec) {

    public OperatorConfig {
        system = system == null ? new SystemConfig(null) : system;
        spec = spec == null ? Spec.defaults() : spec;
    }

    public static OperatorConfig defaults() {
        return new OperatorConfig(null, null);
    }

    public record SystemConfig(LeaderElection leaderElection) {
        public SystemConfig {
            leaderElection = leaderElection == null ? new LeaderElection(null, null, null) : leaderElection;
        }
    }

    /** A coordination Lease named {@code id}; namespace empty = the controller's own namespace. */
    /**
     * @param identity          this replica's name in the Lease (default: the pod's name, HOSTNAME)
     * @param exitOnStopLeading exit the process when the lease is lost (the pod restarts clean); tests turn it off
     */
    public record LeaderElection(Boolean enabled, String id, String namespace, String identity, Duration leaseDuration,
                                 Duration renewDeadline, Duration retryPeriod, Boolean exitOnStopLeading) {
        public LeaderElection {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            id = id == null || id.isBlank() ? "kfp-operator-lock" : id;
            namespace = namespace == null ? "" : namespace;
            identity = identity == null ? "" : identity;
            leaseDuration = leaseDuration == null ? Duration.ofSeconds(15) : leaseDuration;
            renewDeadline = renewDeadline == null ? Duration.ofSeconds(10) : renewDeadline;
            retryPeriod = retryPeriod == null ? Duration.ofSeconds(2) : retryPeriod;
            exitOnStopLeading = exitOnStopLeading == null ? Boolean.TRUE : exitOnStopLeading;
        }

        public LeaderElection(Boolean enabled, String id, String namespace) {
            this(enabled, id, namespace, null, null, null, null, null);
        }
    }

    /** Keys of the Go operator's spec that mean nothing here are dropped, with a warning, by {@link UpstreamKeys}. */
    public record Spec(
            Duration runCompletionTTL,
            RunCompletionFeed runCompletionFeed,
            DefaultProviderValues defaultProviderValues,
            ExecutionEngine defaultExecutionEngine,
            List<String> namespaces,
            String labelSelector,
            Events events,
            Retry retry,
            Monitoring monitoring,
            Argo argo,
            Compilation compilation,
            Duration providerCallTimeout,
            Webhook webhook) {

        /** Without {@code providerCallTimeout} (its default, 30 s) and the webhook (off). */
        public Spec(Duration runCompletionTTL, RunCompletionFeed runCompletionFeed, DefaultProviderValues defaultProviderValues,
                    ExecutionEngine defaultExecutionEngine, List<String> namespaces, String labelSelector, Events events, Retry retry,
                    Monitoring monitoring, Argo argo, Compilation compilation) {
            this(runCompletionTTL, runCompletionFeed, defaultProviderValues, defaultExecutionEngine, namespaces, labelSelector, events,
                    retry, monitoring, argo, compilation, null, null);
        }

        public Spec {
            // How long one call to a provider service may take; a slower answer is a transient failure, retried.
            providerCallTimeout = providerCallTimeout == null ? Duration.ofSeconds(30) : providerCallTimeout;
            webhook = webhook == null ? new Webhook(null, null, null) : webhook;
            argo = argo == null ? new Argo(defaultExecutionEngine == ExecutionEngine.ARGO) : argo;
            compilation = compilation == null ? new Compilation(null, null, null) : compilation;
            monitoring = monitoring == null ? new Monitoring(null, null) : monitoring;
            runCompletionFeed = runCompletionFeed == null ? new RunCompletionFeed(null) : runCompletionFeed;
            defaultProviderValues = defaultProviderValues == null ? DefaultProviderValues.defaults() : defaultProviderValues;
            defaultExecutionEngine = defaultExecutionEngine == null ? ExecutionEngine.DIRECT : defaultExecutionEngine;
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            labelSelector = labelSelector == null ? "" : labelSelector;
            events = events == null ? new Events(null, null) : events;
            retry = retry == null ? new Retry(null, null) : retry;
        }

        static Spec defaults() {
            return new Spec(null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** This configuration with container frameworks compiled by {@code containers} (the sandbox and tests run no pods). */
    public OperatorConfig withContainerCompilation(ContainerCompilation containers) {
        Spec s = spec;
        return new OperatorConfig(system, new Spec(s.runCompletionTTL(), s.runCompletionFeed(), s.defaultProviderValues(),
                s.defaultExecutionEngine(), s.namespaces(), s.labelSelector(), s.events(), s.retry(), s.monitoring(), s.argo(),
                new Compilation(containers, s.compilation().timeout(), s.compilation().serviceAccount()), s.providerCallTimeout(), s.webhook()));
    }

    /** This configuration with {@code webhook} (the sandbox serves it on a free port with a certificate it made). */
    public OperatorConfig withWebhook(Webhook webhook) {
        Spec s = spec;
        return new OperatorConfig(system, new Spec(s.runCompletionTTL(), s.runCompletionFeed(), s.defaultProviderValues(),
                s.defaultExecutionEngine(), s.namespaces(), s.labelSelector(), s.events(), s.retry(), s.monitoring(), s.argo(),
                s.compilation(), s.providerCallTimeout(), webhook));
    }

    /**
     * The validating admission webhook (HTTPS, AdmissionReview v1): off unless enabled; the chart
     * turns it on. {@code certDir} holds {@code tls.crt} and {@code tls.key} (PEM), controller-runtime's
     * default directory; port 0 picks a free one.
     */
    public record Webhook(Boolean enabled, Integer port, String certDir) {
        public Webhook {
            enabled = enabled != null && enabled;
            port = port == null ? 9443 : port;
            certDir = certDir == null || certDir.isBlank() ? "/tmp/k8s-webhook-server/serving-certs" : certDir;
        }
    }

    /**
     * The argo execution engine: when enabled the controller watches Argo Workflows (the Argo
     * CRDs must be installed), and Providers may select {@code executionEngine: argo}. On by
     * default when {@code defaultExecutionEngine} is argo.
     */
    public record Argo(Boolean enabled) {
        public Argo {
            enabled = enabled != null && enabled;
        }
    }

    /**
     * How Pipelines of container frameworks (those listed in a Provider's {@code frameworks}) are
     * compiled under the direct engine: {@code job} runs the framework's compiler and the
     * pipeline's image in a Kubernetes Job in the Provider's namespace; {@code simulated} makes a
     * stand-in definition (the sandbox, which runs no pods).
     *
     * @param timeout        how long a compilation Job may run before it fails
     * @param serviceAccount service account of compilation pods (empty: the namespace's default;
     *                       compilers get no API token either way)
     */
    public record Compilation(ContainerCompilation containers, Duration timeout, String serviceAccount) {
        public Compilation {
            containers = containers == null ? ContainerCompilation.JOB : containers;
            timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
            serviceAccount = serviceAccount == null ? "" : serviceAccount;
        }
    }

    /** See {@link Compilation}. */
    public enum ContainerCompilation {
        @com.fasterxml.jackson.annotation.JsonProperty("job")
        JOB,
        @com.fasterxml.jackson.annotation.JsonProperty("simulated")
        SIMULATED
    }

    /** Where the controller answers Prometheus (/metrics) and Kubernetes probes (/livez, /readyz). */
    public record Monitoring(Integer metricsPort, Integer healthPort) {
        public Monitoring {
            metricsPort = metricsPort == null ? 8080 : metricsPort;
            healthPort = healthPort == null ? 8081 : healthPort;
        }
    }

    /** The run-completion endpoint (POST /events). */
    public record RunCompletionFeed(Integer port) {
        public RunCompletionFeed {
            port = port == null ? 8082 : port;
        }
    }

    /** What every provider service Deployment starts from. */
    public record DefaultProviderValues(
            Integer replicas,
            String serviceContainerName,
            Integer servicePort,
            Integer metricsPort,
            Map<String, String> labels,
            JsonNode podTemplateSpec) {

        public DefaultProviderValues {
            replicas = replicas == null ? 1 : replicas;
            serviceContainerName = serviceContainerName == null || serviceContainerName.isBlank() ? "provider-service" : serviceContainerName;
            servicePort = servicePort == null ? 8080 : servicePort;
            metricsPort = metricsPort == null ? 8081 : metricsPort;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        static DefaultProviderValues defaults() {
            return new DefaultProviderValues(null, null, null, null, null, null);
        }
    }

    /** The endpoint's bearer token (empty = none) and where completion events are published. */
    public record Events(String token, List<Sink> sinks) {
        public Events {
            token = token == null ? "" : token;
            sinks = sinks == null ? List.of() : List.copyOf(sinks);
        }
    }

    /**
     * One event sink: {@code nats} (url, subject; JetStream stream, its subjects and retention
     * limits), {@code http} (url, timeout, retries) or {@code log}.
     *
     * @param subject         NATS subject events are published on
     * @param stream          JetStream stream, created if missing (an existing stream is used as it is)
     * @param subjects        subjects of a created stream; default: the subject
     * @param maxAge          retention of a created stream: oldest message age (0 = unlimited)
     * @param maxMessages     retention of a created stream: message count (-1 = unlimited)
     * @param maxBytes        retention of a created stream: total size (-1 = unlimited)
     * @param duplicateWindow how long a created stream remembers event ids to drop repeats
     * @param timeout         one publish (NATS: until the stream's ack; HTTP: one request)
     * @param retries         HTTP: further attempts, with backoff, before the sink is unavailable
     * @param mode            NATS: {@code jetstream} (CloudEvents into a stream, acked) or {@code core} (the Go
     *                        operator's {@code {"data": …}} on a core subject; no stream needed)
     */
    public record Sink(SinkType type, String name, String url, String subject, String stream, List<String> subjects,
            Duration maxAge, Long maxMessages, Long maxBytes, Duration duplicateWindow, Duration timeout, Integer retries,
            NatsMode mode) {
        public Sink {
            mode = mode == null ? NatsMode.JETSTREAM : mode;
            subject = subject == null || subject.isBlank() ? "events" : subject;
            stream = stream == null || stream.isBlank() ? "kfp-operator-events" : stream;
            subjects = subjects == null || subjects.isEmpty() ? List.of(subject) : List.copyOf(subjects);
            maxAge = maxAge == null ? Duration.ZERO : maxAge;
            maxMessages = maxMessages == null ? -1L : maxMessages;
            maxBytes = maxBytes == null ? -1L : maxBytes;
            duplicateWindow = duplicateWindow == null ? Duration.ofMinutes(2) : duplicateWindow;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            retries = retries == null ? 3 : retries;
            name = name == null || name.isBlank() ? (type == null ? "" : type.wireName()) : name;
        }
    }

    /** How a {@code nats} sink publishes: see {@link Sink}. */
    public enum NatsMode {
        @com.fasterxml.jackson.annotation.JsonProperty("jetstream")
        JETSTREAM,
        @com.fasterxml.jackson.annotation.JsonProperty("core")
        CORE
    }

    /** Backoff for transient failures: starts at initial, doubles, capped at max (jittered). */
    public record Retry(Duration initial, Duration max) {
        public Retry {
            initial = initial == null ? Duration.ofSeconds(1) : initial;
            max = max == null ? Duration.ofMinutes(5) : max;
        }
    }
}
