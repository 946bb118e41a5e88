package io.kfpoperator.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineServiceClient;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import io.kfpoperator.provider.spi.FinishedRun;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished runs from the Pub/Sub subscription {@code eventsourcePipelineEventsSubscription}: Cloud
 * Logging entries of pipeline job state changes (upstream's format: the job id in
 * {@code resource.labels.pipeline_job_id}, the state in {@code jsonPayload.state}). Each message
 * names a job; the job itself is read with GetPipelineJob and mapped by the same
 * {@link RunCompletionMapper} as the polling path.
 *
 * <p><b>How this fits the completion loop without changing it.</b> The loop asks for runs finished
 * since its watermark, delivers them oldest first, and moves the watermark past each run only once
 * the operator has it (2xx or 410, or the event was discarded as unattributable). So the
 * {@code since} of the next call says exactly which of the runs we returned are done with, and
 * that is when their messages are acknowledged: a message is never acked before its event is
 * delivered, and an undeliverable one stays unacked (redelivered after its ack deadline, or to the
 * next process). For that to be exact, each returned run gets its own instant, strictly after
 * {@code since} and after every instant handed out before: the job's end time, moved forward a
 * microsecond at a time when needed. Real end times would not do: messages arrive in any order, and
 * a job that ended before the watermark would be skipped by the loop as already delivered.
 *
 * <p>Messages that are not about a finished job of this Provider (another state, another
 * Provider's or an unknown job, unreadable data) are acknowledged at once, logged and counted, so
 * they are not redelivered forever. A failure to read the job (other than NOT_FOUND) leaves the
 * message unacked, to be tried again on redelivery. Delivery is at least once: a crash between
 * delivery and the acknowledgement, or an ack deadline that passes while the operator is down,
 * redelivers the message; within one process a redelivered message of a job already acked (or
 * being delivered) is recognised and not sent twice. The operator deduplicates by event id.
 */
final class PubSubCompletionSource {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubCompletionSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGES = 100;
    /** Acknowledged jobs remembered to recognise redeliveries; a redelivery after that is sent again (harmless). */
    private static final int REMEMBERED_JOBS = 10_000;
    private static final Set<String> TERMINAL_STATES = RunCompletionMapper.TERMINAL.stream()
            .map(PipelineState::name).collect(Collectors.toUnmodifiableSet());

    /** Why a message was acknowledged without an event (counted, and logged). */
    enum Ignored { MALFORMED, NOT_TERMINAL, UNKNOWN_JOB, OTHER_PROVIDER, DUPLICATE }

    private final SubscriptionAdminClient subscriber;
    private final PipelineServiceClient pipelines;
    private final VertexSettings settings;
    private final RunCompletionMapper completions;
    private final Duration pullTimeout;

    /** Jobs returned to the loop and not yet acknowledged, by job name. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Boolean> acknowledgedJobs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_JOBS;
        }
    };
    private final Map<Ignored, AtomicLong> ignored = new ConcurrentHashMap<>();
    private Instant lastAssigned = Instant.EPOCH;

    PubSubCompletionSource(SubscriptionAdminClient subscriber, PipelineServiceClient pipelines, VertexSettings settings,
            RunCompletionMapper completions, Duration pullTimeout) {
        this.subscriber = subscriber;
        this.pipelines = pipelines;
        this.settings = settings;
        this.completions = completions;
        this.pullTimeout = pullTimeout;
    }

    synchronized List<FinishedRun> finishedRunsSince(Instant since) {
        acknowledgeDelivered(since);
        List<String> ackNow = new ArrayList<>();
        for (ReceivedMessage message : pull()) {
            handle(message, since).ifPresent(ackNow::add);
        }
        acknowledge(ackNow, "ignored messages");
        return pending.values().stream()
                .map(Pending::run)
                .filter(run -> run.finishedAt().isAfter(since))
                .sorted(Comparator.comparing(FinishedRun::finishedAt))
                .toList();
    }

    /** How many messages were acknowledged without an event, for {@code reason}. */
    long ignored(Ignored reason) {
        AtomicLong count = ignored.get(reason);
        return count == null ? 0 : count.get();
    }

    /** The loop has moved its watermark to {@code since}: every run we returned at or before it is done with. */
    private void acknowledgeDelivered(Instant since) {
        List<Map.Entry<String, Pending>> delivered = pending.entrySet().stream()
                .filter(e -> !e.getValue().run().finishedAt().isAfter(since))
                .toList();
        if (delivered.isEmpty()) {
            return;
        }
        List<String> ackIds = delivered.stream().flatMap(e -> e.getValue().ackIds().stream()).toList();
        if (acknowledge(ackIds, "delivered runs")) {
            for (Map.Entry<String, Pending> entry : delivered) {
                pending.remove(entry.getKey());
                acknowledgedJobs.put(entry.getKey(), Boolean.TRUE);
                LOG.info("acknowledged the Pub/Sub message of pipeline job {} (event {} delivered)", entry.getKey(),
                        entry.getValue().run().event().eventId());
            }
        }
        // Otherwise they stay pending (not returned again, as the watermark covers them) and the
        // acknowledgement is tried again on the next poll.
    }

    private List<ReceivedMessage> pull() {
        PullRequest request = PullRequest.newBuilder()
                .setSubscription(settings.eventsSubscription())
                .setMaxMessages(MAX_MESSAGES)
                .build();
        try {
            // Bounded, so a quiet subscription does not hold the loop (and its shutdown) for long.
            PullResponse response = subscriber.pullCallable().call(request,
                    GrpcCallContext.createDefault().withTimeoutDuration(pullTimeout));
            return response.getReceivedMessagesList();
        } catch (DeadlineExceededException e) {
            return List.of(); // nothing arrived in time
        } catch (RuntimeException e) {
            throw VertexErrors.map("pulling from Pub/Sub subscription " + settings.eventsSubscription(), e);
        }
    }

    /** The ack id to acknowledge now, or empty when the message is pending (or to be redelivered). */
    private Optional<String> handle(ReceivedMessage received, Instant since) {
        String ackId = received.getAckId();
        String messageId = received.getMessage().getMessageId();
        Optional<JobMessage> parsed = JobMessage.parse(received.getMessage().getData().toByteArray());
        if (parsed.isEmpty()) {
            return ignore(Ignored.MALFORMED, ackId, "Pub/Sub message {} is not a pipeline job log entry (no resource.labels.pipeline_job_id)",
                    messageId);
        }
        JobMessage message = parsed.get();
        if (message.state().isPresent() && !TERMINAL_STATES.contains(message.state().get())) {
            return ignore(Ignored.NOT_TERMINAL, ackId, "Pub/Sub message {}: pipeline job {} is {}, not finished",
                    messageId, message.jobId(), message.state().get());
        }
        String jobName = settings.pipelineJobName(message.jobId());
        if (acknowledgedJobs.containsKey(jobName)) {
            return ignore(Ignored.DUPLICATE, ackId, "Pub/Sub message {}: the event of pipeline job {} was delivered already",
                    messageId, jobName);
        }
        Pending known = pending.get(jobName);
        if (known != null) {
            known.ackIds().add(ackId); // a redelivery, or a second entry about the same job: acked together
            return Optional.empty();
        }
        PipelineJob job;
        try {
            job = pipelines.getPipelineJob(jobName);
        } catch (RuntimeException e) {
            if (VertexErrors.isNotFound(e)) {
                return ignore(Ignored.UNKNOWN_JOB, ackId, "Pub/Sub message {}: pipeline job {} does not exist in {}",
                        messageId, jobName, settings.parent());
            }
            LOG.warn("cannot read pipeline job {} of Pub/Sub message {}; it will be redelivered: {}", jobName, messageId,
                    VertexErrors.map("reading pipeline job " + jobName, e).getMessage());
            return Optional.empty();
        }
        if (!isOurs(job)) {
            return ignore(Ignored.OTHER_PROVIDER, ackId, "Pub/Sub message {}: pipeline job {} is not one of Provider {}",
                    messageId, jobName, settings.providerName());
        }
        Optional<FinishedRun> finished;
        try {
            finished = completions.map(job);
        } catch (VertexMalformedAnswerException e) {
            // Left unacknowledged, as a job that cannot be read: redelivered, and read again then.
            LOG.warn("cannot use pipeline job {} of Pub/Sub message {}; it will be redelivered: {}", jobName, messageId,
                    e.getMessage());
            return Optional.empty();
        }
        if (finished.isEmpty()) {
            return ignore(Ignored.NOT_TERMINAL, ackId, "Pub/Sub message {}: pipeline job {} is {}, not finished",
                    messageId, jobName, job.getState());
        }
        Instant key = unique(finished.get().finishedAt(), since);
        List<String> ackIds = new ArrayList<>(List.of(ackId));
        pending.put(jobName, new Pending(new FinishedRun(key, finished.get().event()), ackIds));
        return Optional.empty();
    }

    private Instant unique(Instant finishedAt, Instant since) {
        Instant key = finishedAt;
        for (Instant floor : List.of(lastAssigned, since)) {
            if (!key.isAfter(floor)) {
                key = floor.plus(1, ChronoUnit.MICROS);
            }
        }
        lastAssigned = key;
        return key;
    }

    private boolean isOurs(PipelineJob job) {
        Map<String, String> labels = job.getLabelsMap();
        return VertexLabels.value(settings.providerShortName()).equals(labels.get(VertexLabels.PROVIDER_NAME))
                && VertexLabels.value(settings.providerNamespace()).equals(labels.get(VertexLabels.PROVIDER_NAMESPACE));
    }

    private Optional<String> ignore(Ignored reason, String ackId, String format, Object... args) {
        ignored.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        if (reason == Ignored.MALFORMED) {
            LOG.warn(format + "; acknowledged it", args);
        } else {
            LOG.info(format + "; acknowledged it", args);
        }
        return Optional.of(ackId);
    }

    /** False when Pub/Sub refused; the messages are then redelivered or acknowledged on the next poll. */
    private boolean acknowledge(Collection<String> ackIds, String what) {
        if (ackIds.isEmpty()) {
            return true;
        }
        try {
            subscriber.acknowledge(AcknowledgeRequest.newBuilder()
                    .setSubscription(settings.eventsSubscription()).addAllAckIds(ackIds).build());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot acknowledge {} Pub/Sub messages of {} on {}: {}", ackIds.size(), what,
                    settings.eventsSubscription(), VertexErrors.map("acknowledging", e).getMessage());
            return false;
        }
    }

    private record Pending(FinishedRun run, List<String> ackIds) {
    }

    /** What a message says: the pipeline job id, and its new state when the entry carries one. */
    record JobMessage(String jobId, Optional<String> state) {

        static Optional<JobMessage> parse(byte[] data) {
            JsonNode entry;
            try {
                entry = JSON.readTree(data);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (entry == null || !entry.isObject()) {
                return Optional.empty();
            }
            String jobId = entry.path("resource").path("labels").path("pipeline_job_id").asText("");
            // Tolerate a full resource name, although log entries carry the bare id.
            jobId = jobId.substring(jobId.lastIndexOf('/') + 1);
            if (jobId.isBlank()) {
                return Optional.empty();
            }
            JsonNode state = entry.path("jsonPayload").path("state");
            return Optional.of(new JobMessage(jobId, state.isTextual() ? Optional.of(state.asText()) : Optional.empty()));
        }
    }
}
