package io.kfpoperator.controller.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.lifecycle.RunAttempts;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.controller.events.EventMetrics.Published;
import io.kfpoperator.controller.events.EventMetrics.Received;
import io.kfpoperator.controller.events.sinks.EventSink;
import io.kfpoperator.controller.events.sinks.OutgoingEvent;
import io.kfpoperator.controller.events.sinks.SinkUnavailableException;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.status.StatusRecorder;
import io.kfpoperator.provider.events.RunCompletionEvent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one decoded completion event: find the Run and RunConfiguration it names,
 * resolve their artifacts, record the completion in their status, publish to every sink, and only
 * then acknowledge it. An acknowledged id is answered at once next time (idempotency);
 * an event that failed at a sink is retried by its sender, and sinks that already took it are not
 * asked again.
 */
public final class RunCompletionProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(RunCompletionProcessor.class);
    private static final int REMEMBERED_EVENTS = 10_000;
    /** Events of the same id are handled one at a time; different ids rarely share a stripe. */
    private static final int LOCK_STRIPES = 64;

    private final StatusUpdater statusUpdater;
    private final EventRecorder recorder;
    private final List<EventSink> sinks;
    private final EventMetrics metrics;
    private final AcknowledgedEvents acknowledged = new AcknowledgedEvents(REMEMBERED_EVENTS);
    /** Sinks that took an event not yet acknowledged (another sink failed); bounded like the acknowledged ids. */
    private final Map<String, Set<String>> partiallyPublished = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    };
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public RunCompletionProcessor(KubernetesClient client, EventRecorder recorder,
            List<EventSink> sinks, EventMetrics metrics) {
        this.statusUpdater = new StatusUpdater(client, new StatusRecorder(client), recorder.clock());
        this.recorder = recorder;
        this.sinks = List.copyOf(sinks);
        this.metrics = metrics;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        for (EventSink sink : this.sinks) {
            metrics.sinkConfigured(sink.name());
        }
    }

    /** The endpoint's answer to a valid event. */
    public record Outcome(int httpStatus, Received received, String message) {
    }

    public Outcome process(RunCompletionEventData data) {
        return process(data, null);
    }

    /**
     * As above; {@code onlyProvider} ("namespace/name", or null for any) is the Provider an event
     * sent without the bearer token is trusted for: resources of another Provider are not touched.
     */
    public Outcome process(RunCompletionEventData data, String onlyProvider) {
        String id = data.eventId();
        if (acknowledged.contains(id)) {
            return new Outcome(200, Received.duplicate, "event " + id + " was already processed");
        }
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            if (acknowledged.contains(id)) {
                return new Outcome(200, Received.duplicate, "event " + id + " was already processed");
            }
            return processOnce(id, data, onlyProvider);
        } finally {
            lock.unlock();
        }
    }

    private Outcome processOnce(String id, RunCompletionEventData data, String onlyProvider) {
        StatusUpdater.Targets targets = statusUpdater.lookup(data);
        if (targets.none()) {
            return new Outcome(410, Received.gone, describeMissing(data));
        }
        if (onlyProvider != null) {
            String foreign = foreignTarget(targets, onlyProvider);
            if (foreign != null) {
                LOG.warn("event {} without bearer token refused: {}", id, foreign);
                return new Outcome(401, Received.unauthorized, "a valid bearer token is required");
            }
        }
        // The RunConfiguration's artifacts are preferred: a triggered Run copies them, a scheduled run has no Run.
        List<OutputArtifact> requested = targets.runConfiguration()
                .map(rc -> rc.getSpec() == null || rc.getSpec().getRun() == null ? null : rc.getSpec().getRun().getArtifacts())
                .orElse(null);
        HasMetadata requester = targets.runConfiguration().isPresent() && requested != null ? targets.runConfiguration().get() : null;
        if (requested == null && targets.run().isPresent() && targets.run().get().getSpec() != null) {
            requested = targets.run().get().getSpec().getArtifacts();
            requester = targets.run().get();
        }
        ArtifactResolver.Resolution resolution = ArtifactResolver.resolve(requested, data.pipelineComponents());
        if (!resolution.problems().isEmpty() && requester != null) {
            String message = String.join("; ", resolution.problems());
            LOG.warn("event {}: some artifacts cannot be resolved: {}", id, message);
            recorder.warning(requester, "InvalidArtifactPath", message);
        }
        Optional<RunAttempts.Decision> decision = statusUpdater.decide(targets, data);
        if (decision.isPresent() && !(decision.get() instanceof RunAttempts.Complete)) {
            // An attempt that will be retried, or one already recorded: the Run's status only, nothing published.
            statusUpdater.apply(targets, data, resolution.artifacts(), decision);
            acknowledged.add(id);
            if (decision.get() instanceof RunAttempts.Retry retry) {
                recorder.warning(targets.run().get(), "RunRetrying", retry.message());
                LOG.info("event {}: the run will be retried ({}); not published", id, retry.message());
                return new Outcome(200, Received.accepted, "event " + id + " processed: " + retry.message());
            }
            String why = ((RunAttempts.Ignore) decision.get()).why();
            LOG.info("event {}: {}; not published", id, why);
            return new Outcome(200, Received.accepted, "event " + id + " processed: " + why);
        }
        RunCompletionEvent event = CloudEventPayload.completionEvent(data, resolution.artifacts());
        if (decision.isPresent()) {
            event = event.withAttempts(((RunAttempts.Complete) decision.get()).attemptCount());
        }

        statusUpdater.apply(targets, data, resolution.artifacts(), decision);

        OutgoingEvent outgoing = CloudEventPayload.outgoing(id, event);
        List<String> failed = publish(outgoing);
        if (!failed.isEmpty()) {
            return new Outcome(503, Received.sink_unavailable, String.join("; ", failed));
        }
        synchronized (partiallyPublished) {
            partiallyPublished.remove(id);
        }
        acknowledged.add(id);
        Duration duration = data.runStartTime() == null || data.runEndTime() == null ? null
                : Duration.between(data.runStartTime(), data.runEndTime());
        metrics.runCompleted(data.provider(), data.status().wireName(), duration);
        LOG.info("processed run completion event {} ({} artifacts)", id, resolution.artifacts().size());
        return new Outcome(200, Received.accepted, "event " + id + " processed");
    }

    /** Publishes to every sink that does not have the event yet; returns why each failing sink failed. */
    private List<String> publish(OutgoingEvent event) {
        Set<String> done;
        synchronized (partiallyPublished) {
            done = new HashSet<>(partiallyPublished.getOrDefault(event.id(), Set.of()));
        }
        List<String> failed = new ArrayList<>();
        for (EventSink sink : sinks) {
            if (done.contains(sink.name())) {
                continue;
            }
            long start = System.nanoTime();
            try {
                EventSink.Delivery delivery = sink.publish(event);
                metrics.published(sink.name(), delivery == EventSink.Delivery.DUPLICATE ? Published.duplicate : Published.published).increment();
                done.add(sink.name());
            } catch (SinkUnavailableException e) {
                metrics.published(sink.name(), Published.failed).increment();
                LOG.warn("event {} not published: {}", event.id(), e.getMessage());
                failed.add(e.getMessage());
            } catch (RuntimeException e) {
                metrics.published(sink.name(), Published.failed).increment();
                LOG.error("event {} not published: sink '{}' failed unexpectedly", event.id(), sink.name(), e);
                failed.add("sink '" + sink.name() + "' is unavailable: " + e.getClass().getSimpleName());
            } finally {
                metrics.publishDuration(sink.name()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
        if (!failed.isEmpty()) {
            synchronized (partiallyPublished) {
                partiallyPublished.put(event.id(), done);
            }
        }
        return failed;
    }

    /** Which target of the event belongs to another Provider than {@code provider}, or null. */
    private static String foreignTarget(StatusUpdater.Targets targets, String provider) {
        if (targets.run().isPresent()) {
            Run run = targets.run().get();
            String own = run.getSpec() == null ? null : run.getSpec().getProvider();
            if (!provider.equals(own)) {
                return "Run " + run.getMetadata().getName() + " uses Provider " + own + ", not " + provider;
            }
        }
        if (targets.runConfiguration().isPresent()) {
            RunConfiguration rc = targets.runConfiguration().get();
            String own = rc.getSpec() == null || rc.getSpec().getRun() == null ? null : rc.getSpec().getRun().getProvider();
            if (!provider.equals(own)) {
                return "RunConfiguration " + rc.getMetadata().getName() + " uses Provider " + own + ", not " + provider;
            }
        }
        return null;
    }

    private static String describeMissing(RunCompletionEventData data) {
        List<String> missing = new ArrayList<>();
        if (!EventDecoder.blank(data.runName())) {
            missing.add("Run " + data.runName());
        }
        if (!EventDecoder.blank(data.runConfigurationName())) {
            missing.add("RunConfiguration " + data.runConfigurationName());
        }
        return String.join(" and ", missing) + (missing.size() > 1 ? " do" : " does") + " not exist";
    }
}
