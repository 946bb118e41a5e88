package io.kfpoperator.controller.events;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.events.sinks.EventSink;
import io.kfpoperator.controller.events.sinks.EventSinks;
import io.kfpoperator.controller.kube.EventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;

/** The run-completion path as one running unit: the configured sinks behind the /events endpoint. */
public final class RunCompletionEvents implements AutoCloseable {

    private final List<EventSink> sinks;
    private final EventsEndpoint endpoint;

    private RunCompletionEvents(List<EventSink> sinks, EventsEndpoint endpoint) {
        this.sinks = sinks;
        this.endpoint = endpoint;
    }

    /** Starts on {@code spec.runCompletionFeed.port} with {@code spec.events} (token, sinks). */
    public static RunCompletionEvents start(KubernetesClient client, OperatorConfig config, EventRecorder recorder, MeterRegistry registry) {
        return start(client, config, config.spec().runCompletionFeed().port(), recorder, registry);
    }

    /** As {@link #start(KubernetesClient, OperatorConfig, EventRecorder, MeterRegistry)} on another port (0 = any free one). */
    public static RunCompletionEvents start(KubernetesClient client, OperatorConfig config, int port, EventRecorder recorder,
            MeterRegistry registry) {
        EventMetrics metrics = new EventMetrics(registry);
        List<EventSink> sinks = EventSinks.fromConfig(config.spec().events().sinks());
        try {
            RunCompletionProcessor processor = new RunCompletionProcessor(client, recorder, sinks, metrics);
            return new RunCompletionEvents(sinks, EventsEndpoint.start(port, config.spec().events().token(), processor, metrics,
                    provider -> goProvider(client, provider)));
        } catch (RuntimeException e) {
            sinks.forEach(EventSink::close);
            throw e;
        }
    }

    /** Whether {@code provider} ("namespace/name") is a Provider with serviceContract go, whose image sends no token. */
    private static boolean goProvider(KubernetesClient client, String provider) {
        int slash = provider.indexOf('/');
        if (slash <= 0 || slash == provider.length() - 1) {
            return false;
        }
        io.kfpoperator.api.v1beta1.Provider found = client.resources(io.kfpoperator.api.v1beta1.Provider.class)
                .inNamespace(provider.substring(0, slash)).withName(provider.substring(slash + 1)).get();
        return found != null && io.kfpoperator.api.v1beta1.ServiceContract.of(found) == io.kfpoperator.api.v1beta1.ServiceContract.GO;
    }

    public int port() {
        return endpoint.port();
    }

    /** Where a sender on this machine posts events. */
    public URI localUri() {
        return endpoint.localUri();
    }

    @Override
    public void close() {
        endpoint.close();
        sinks.forEach(EventSink::close);
    }
}
