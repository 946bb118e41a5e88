package io.kfpoperator.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.cloud.aiplatform.v1.CancelPipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreateScheduleRequest;
import com.google.cloud.aiplatform.v1.DeletePipelineJobRequest;
import com.google.cloud.aiplatform.v1.DeleteScheduleRequest;
import com.google.cloud.aiplatform.v1.GetScheduleRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsRequest;
import com.google.cloud.aiplatform.v1.ListSchedulesRequest;
import com.google.cloud.aiplatform.v1.PauseScheduleRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.ResumeScheduleRequest;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.aiplatform.v1.UpdateScheduleRequest;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.longrunning.Operation;
import com.google.protobuf.FieldMask;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.pipeline.CompiledPipeline;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vertex AI Pipelines as a {@link PipelinePlatform}. Pipelines are compiled templates in the
 * pipeline bucket; runs are pipeline jobs created from them; run schedules are Vertex schedules;
 * experiments are recorded in the bucket only (Vertex pipeline jobs need none). Finished runs are
 * found by polling ListPipelineJobs, or, when {@code eventsourcePipelineEventsSubscription} is set,
 * from the Pub/Sub messages of pipeline job state changes ({@link PubSubCompletionSource}).
 */
public final class VertexPlatform implements PipelinePlatform {

    private static final Logger LOG = LoggerFactory.getLogger(VertexPlatform.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PULL_TIMEOUT = Duration.ofSeconds(10);
    /** How long a successful answer from Vertex keeps /readyz green without asking again. */
    private static final Duration READY_FOR = Duration.ofSeconds(30);
    private static final Duration READY_PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final VertexSettings settings;
    private final VertexClients clients;
    private final PipelineStore store;
    private final VertexRequests requests;
    private final RunCompletionMapper completions;
    /** Present when completion comes from Pub/Sub; polling ListPipelineJobs otherwise. */
    private final Optional<PubSubCompletionSource> pubSub;
    private final Clock clock;
    private volatile Instant lastAnswered;

    public VertexPlatform(VertexSettings settings, VertexClients clients, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.store = new PipelineStore(clients.storage(), settings.pipelineBucket());
        this.requests = new VertexRequests(settings, store, clock);
        this.completions = new RunCompletionMapper(settings.providerName());
        this.clock = clock;
        if (settings.usesPubSub()) {
            SubscriptionAdminClient subscriber = clients.subscriptions().orElseThrow(() -> new PlatformConfigurationException(
                    "provider parameter '" + VertexSettings.EVENTS_SUBSCRIPTION + "' is set but no Pub/Sub client was created"));
            this.pubSub = Optional.of(new PubSubCompletionSource(subscriber, clients.pipelines(), settings, completions,
                    PULL_TIMEOUT));
            LOG.info("finished runs come from Pub/Sub subscription {}", settings.eventsSubscription());
        } else {
            this.pubSub = Optional.empty();
        }
    }

    // ---- pipelines ----

    @Override
    public String createPipeline(PipelineDefinition definition, JsonNode compiledPipeline) {
        VertexRequests.requireText(definition.name(), "pipelineDefinition.name");
        VertexRequests.requireText(definition.version(), "pipelineDefinition.version");
        if (compiledPipeline == null || compiledPipeline.isNull() || compiledPipeline.isMissingNode()) {
            throw new InvalidDefinitionException("compiledPipeline is required");
        }
        // Stored as compiled (upstream's layout); a TFX PipelineJob is read through at run time.
        CompiledPipeline.of(compiledPipeline);
        if (!compiledPipeline.isObject()) {
            throw new InvalidDefinitionException("compiledPipeline must be a JSON object (a pipeline spec or a PipelineJob)");
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(compiledPipeline);
        } catch (IOException e) {
            throw new InvalidDefinitionException("compiledPipeline cannot be written as JSON: " + e.getMessage());
        }
        call("uploading pipeline template " + definition.name() + " version " + definition.version(), () -> {
            store.writeTemplate(definition.name(), definition.version(), bytes);
            return null;
        });
        LOG.info("uploaded pipeline template {}", store.templateUri(definition.name(), definition.version()));
        return definition.name();
    }

    @Override
    public String updatePipeline(String id, PipelineDefinition definition, JsonNode compiledPipeline) {
        if (!call("looking up pipeline " + id, () -> store.pipelineExists(id))) {
            throw new ResourceNotFoundException("pipeline " + id + " has no template in gs://" + settings.pipelineBucket());
        }
        return createPipeline(definition, compiledPipeline);
    }

    @Override
    public void deletePipeline(String id) {
        int deleted = call("deleting pipeline templates of " + id, () -> store.deletePipeline(id));
        LOG.info("deleted pipeline {} ({} template versions)", id, deleted);
    }

    // ---- experiments: recorded, no Vertex call (upstream has none either) ----

    @Override
    public String createExperiment(ExperimentDefinition definition) {
        VertexRequests.requireText(definition.name(), "name");
        byte[] record;
        try {
            record = JSON.writeValueAsBytes(definition);
        } catch (IOException e) {
            throw new InvalidDefinitionException("experiment cannot be written as JSON: " + e.getMessage());
        }
        call("recording experiment " + definition.name(), () -> {
            store.writeExperiment(definition.name(), record);
            return null;
        });
        return definition.name();
    }

    @Override
    public String updateExperiment(String id, ExperimentDefinition definition) {
        if (!call("looking up experiment " + id, () -> store.experimentExists(id))) {
            throw new ResourceNotFoundException("experiment " + id + " is not recorded");
        }
        return createExperiment(definition);
    }

    @Override
    public void deleteExperiment(String id) {
        call("deleting experiment " + id, () -> {
            store.deleteExperiment(id);
            return null;
        });
    }

    // ---- runs ----

    @Override
    public String createRun(RunDefinition definition) {
        CreatePipelineJobRequest request = call("preparing the pipeline job of run " + definition.name(),
                () -> requests.runJob(definition));
        String runId = VertexRequests.runId(definition);
        String jobId = request.getPipelineJobId();
        try {
            clients.pipelines().createPipelineJob(request);
            LOG.info("created pipeline job {} for run {}", jobId, definition.name());
        } catch (RuntimeException e) {
            if (!VertexErrors.isAlreadyExists(e)) {
                throw VertexErrors.map("creating pipeline job " + jobId, e);
            }
            // The same run and version was submitted before (a retried request): it is that job.
            LOG.info("pipeline job {} already exists; run {} was submitted before", jobId, definition.name());
        }
        return runId;
    }

    /** Vertex {@code CancelPipelineJob} of the run's jobs still running; they stay, end CANCELLED and are reported as failed, stopped. */
    @Override
    public void stopRun(String id) {
        List<PipelineJob> jobs = listJobs(labelFilter(VertexRequests.RUN_ID_LABEL, id));
        if (jobs.isEmpty()) {
            throw new ResourceNotFoundException("Vertex AI has no pipeline job of run " + id);
        }
        for (PipelineJob job : jobs) {
            if (!RunCompletionMapper.TERMINAL.contains(job.getState())) {
                cancel(job);
                LOG.info("cancelled pipeline job {} of run {}", job.getName(), id);
            }
        }
    }

    private void cancel(PipelineJob job) {
        call("cancelling pipeline job " + job.getName(), () -> {
            try {
                clients.pipelines().cancelPipelineJob(CancelPipelineJobRequest.newBuilder().setName(job.getName()).build());
            } catch (RuntimeException e) {
                // Finished or gone between the list and the cancel: nothing left to stop.
                if (!VertexErrors.isNotFound(e) && !isFailedPrecondition(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void deleteRun(String id) {
        List<PipelineJob> jobs = listJobs(labelFilter(VertexRequests.RUN_ID_LABEL, id));
        boolean stillCancelling = false;
        for (PipelineJob job : jobs) {
            if (!RunCompletionMapper.TERMINAL.contains(job.getState())) {
                cancel(job);
                LOG.info("cancelled pipeline job {} of run {}", job.getName(), id);
            }
            try {
                Operation operation = clients.pipelines().deletePipelineJobCallable()
                        .call(DeletePipelineJobRequest.newBuilder().setName(job.getName()).build());
                if (operation.getDone() && operation.hasError()) {
                    throw new PlatformUnavailableException("deleting pipeline job " + job.getName() + ": "
                            + operation.getError().getMessage());
                }
            } catch (PlatformException e) {
                throw e;
            } catch (RuntimeException e) {
                if (VertexErrors.isNotFound(e)) {
                    continue;
                }
                if (isFailedPrecondition(e)) {
                    // Vertex keeps a job until its cancellation completes; the caller retries.
                    stillCancelling = true;
                    continue;
                }
                throw VertexErrors.map("deleting pipeline job " + job.getName(), e);
            }
        }
        if (stillCancelling) {
            throw new PlatformUnavailableException("run " + id + " is being cancelled on Vertex AI; delete it again once cancelled");
        }
    }

    // ---- run schedules ----

    @Override
    public String createRunSchedule(RunScheduleDefinition definition) {
        Schedule schedule = call("preparing the schedule of " + definition.name(), () -> requests.schedule(definition));
        Optional<Schedule> existing = findSchedule(schedule.getDisplayName());
        if (existing.isPresent()) {
            // A retried create, or one whose answer was lost: converge the schedule we already have.
            String name = scheduleName(existing.get(), "looking up schedule " + schedule.getDisplayName(),
                    "a schedule named " + schedule.getDisplayName());
            LOG.info("schedule {} already exists for {}; updating it", name, definition.name());
            return update(name, schedule, definition);
        }
        Schedule created = call("creating schedule for " + definition.name(), () -> clients.schedules().createSchedule(
                CreateScheduleRequest.newBuilder().setParent(settings.parent()).setSchedule(schedule).build()));
        // The id the RunSchedule keeps: an unusable one fails the create, whose retry finds the schedule by name.
        String name = scheduleName(created, "creating schedule for " + definition.name(), "the created schedule");
        LOG.info("created schedule {} for {}", name, definition.name());
        // Vertex creates schedules active; a suspended one is paused at once (a retry finds it and pauses it).
        applyState(name, created.getState(), definition);
        return name;
    }

    @Override
    public String updateRunSchedule(String id, RunScheduleDefinition definition) {
        if (definition.isSuspended()) {
            // The operator suspends a schedule whose pipeline is gone: only pausing it makes sense then.
            if (getRunSchedule(id).getState() == Schedule.State.ACTIVE) {
                pauseRunSchedule(id);
                LOG.info("paused schedule {} ({})", id, definition.name());
            }
            return id;
        }
        // Everything that can be rejected is checked before Vertex is touched, and UpdateSchedule
        // itself is all-or-nothing: a failed update leaves the previous schedule firing.
        Schedule schedule = call("preparing the schedule of " + definition.name(), () -> requests.schedule(definition));
        if (!isScheduleName(id)) {
            throw new ResourceNotFoundException("schedule " + id + " is not a schedule of " + settings.parent());
        }
        return update(id, schedule, definition);
    }

    private String update(String name, Schedule schedule, RunScheduleDefinition definition) {
        Schedule existing = callOnExisting("reading schedule " + name,
                () -> clients.schedules().getSchedule(GetScheduleRequest.newBuilder().setName(name).build()));
        requireApplicable(existing, schedule);
        List<String> paths = new ArrayList<>(List.of("display_name", "cron", "create_pipeline_job_request",
                "max_concurrent_run_count", "allow_queueing"));
        if (schedule.hasStartTime()) {
            paths.add("start_time");
        }
        if (schedule.hasEndTime()) {
            paths.add("end_time");
        }
        UpdateScheduleRequest request = UpdateScheduleRequest.newBuilder()
                .setSchedule(schedule.toBuilder().setName(name))
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(paths))
                .build();
        Schedule updated = callOnExisting("updating schedule " + name, () -> clients.schedules().updateSchedule(request));
        if (!updated.getName().equals(name)) {
            throw new VertexMalformedAnswerException("updating schedule " + name + ": Vertex answered the updated schedule"
                    + " with the name " + (updated.getName().isEmpty() ? "empty" : "'" + VertexAnswers.abbreviate(updated.getName()) + "'"));
        }
        LOG.info("updated schedule {}", name);
        applyState(name, existing.getState(), definition);
        return name;
    }

    /** Pauses or resumes the schedule as the definition's suspend says; a resume makes up missed runs when it asks for catchUp. */
    private void applyState(String name, Schedule.State state, RunScheduleDefinition definition) {
        boolean suspend = definition.schedule().suspended();
        if (suspend && state == Schedule.State.ACTIVE) {
            pauseRunSchedule(name);
            LOG.info("paused schedule {}", name);
        } else if (!suspend && state == Schedule.State.PAUSED) {
            boolean catchUp = definition.schedule().catchingUp();
            callOnExisting("resuming schedule " + name, () -> {
                clients.schedules().resumeSchedule(ResumeScheduleRequest.newBuilder().setName(name).setCatchUp(catchUp).build());
                return null;
            });
            LOG.info("resumed schedule {}{}", name, catchUp ? ", catching up on the runs it missed" : "");
        }
    }

    /**
     * Vertex cannot unset a schedule's start or end time, and a mask that leaves them out keeps
     * the old values: the update would answer 200 while the schedule still ends (or starts) when
     * it did. Such an update is refused, naming what stays, before anything changes.
     */
    private void requireApplicable(Schedule existing, Schedule wanted) {
        String reading = "reading schedule " + existing.getName();
        if (existing.hasEndTime() && !wanted.hasEndTime()) {
            throw new PlatformRejectedException("schedule " + existing.getName() + " ends at "
                    + VertexAnswers.instant(existing.getEndTime(), "end_time", reading, "the schedule")
                    + " and Vertex AI cannot remove an end time;"
                    + " delete and recreate the RunSchedule to run it without one");
        }
        if (existing.hasStartTime() && !wanted.hasStartTime()) {
            Instant start = VertexAnswers.instant(existing.getStartTime(), "start_time", reading, "the schedule");
            if (start.isAfter(clock.instant())) {
                throw new PlatformRejectedException("schedule " + existing.getName() + " starts at " + start
                        + " and Vertex AI cannot remove a start time; delete and recreate the RunSchedule to start it now");
            }
        }
    }

    private String scheduleName(Schedule schedule, String operation, String what) {
        return VertexAnswers.resourceName(schedule.getName(), settings.parent(), "schedules", operation, what);
    }

    @Override
    public void deleteRunSchedule(String id) {
        if (!isScheduleName(id)) {
            return; // never one of ours, so there is nothing to delete
        }
        try {
            Operation operation = clients.schedules().deleteScheduleCallable()
                    .call(DeleteScheduleRequest.newBuilder().setName(id).build());
            if (operation.getDone() && operation.hasError()) {
                throw new PlatformUnavailableException("deleting schedule " + id + ": " + operation.getError().getMessage());
            }
            LOG.info("deleted schedule {}", id);
        } catch (PlatformException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!VertexErrors.isNotFound(e)) {
                throw VertexErrors.map("deleting schedule " + id, e);
            }
        }
    }

    /** Stops a schedule from starting runs until it is resumed. */
    public void pauseRunSchedule(String id) {
        requireSchedule(id);
        callOnExisting("pausing schedule " + id, () -> {
            clients.schedules().pauseSchedule(PauseScheduleRequest.newBuilder().setName(id).build());
            return null;
        });
    }

    /** Lets a paused schedule start runs again, without catching up on the runs it missed. */
    public void resumeRunSchedule(String id) {
        requireSchedule(id);
        callOnExisting("resuming schedule " + id, () -> {
            clients.schedules().resumeSchedule(ResumeScheduleRequest.newBuilder().setName(id).setCatchUp(false).build());
            return null;
        });
    }

    /** The schedule as Vertex holds it now. */
    public Schedule getRunSchedule(String id) {
        requireSchedule(id);
        return callOnExisting("reading schedule " + id, () -> clients.schedules().getSchedule(GetScheduleRequest.newBuilder().setName(id).build()));
    }

    private void requireSchedule(String id) {
        if (!isScheduleName(id)) {
            throw new ResourceNotFoundException("schedule " + id + " is not a schedule of " + settings.parent());
        }
    }

    private Optional<Schedule> findSchedule(String displayName) {
        return call("looking up schedule " + displayName, () -> {
            ListSchedulesRequest request = ListSchedulesRequest.newBuilder().setParent(settings.parent())
                    .setFilter("display_name=" + quote(displayName)).build();
            List<Schedule> found = new ArrayList<>();
            VertexAnswers.forEachItem(clients.schedules().listSchedules(request).getPage(),
                    "looking up schedule " + displayName, schedule -> {
                        if (found.isEmpty() && schedule.getDisplayName().equals(displayName)) {
                            found.add(schedule);
                        }
                    });
            return found.stream().findFirst();
        });
    }

    private boolean isScheduleName(String id) {
        String prefix = settings.parent() + "/schedules/";
        return id != null && id.startsWith(prefix) && id.length() > prefix.length()
                && id.indexOf('/', prefix.length()) < 0;
    }

    // ---- completion ----

    @Override
    public List<FinishedRun> finishedRunsSince(Instant since) {
        if (pubSub.isPresent()) {
            return pubSub.get().finishedRunsSince(since);
        }
        // update_time is at or after end_time, so this finds every job that ended since the
        // watermark (and some that ended earlier but changed later, dropped below).
        String filter = labelFilter(VertexLabels.PROVIDER_NAME, settings.providerShortName())
                + " AND " + labelFilter(VertexLabels.PROVIDER_NAMESPACE, settings.providerNamespace())
                + " AND (state=\"PIPELINE_STATE_SUCCEEDED\" OR state=\"PIPELINE_STATE_FAILED\""
                + " OR state=\"PIPELINE_STATE_CANCELLED\")"
                + " AND update_time>=" + quote(since.toString());
        List<FinishedRun> finished = new ArrayList<>();
        for (PipelineJob listed : listJobs(filter)) {
            if (RunCompletionMapper.finishedAt(listed, "listing pipeline jobs").isBefore(since)) {
                continue;
            }
            // Task details (the artifacts) may be left out of list answers; a get has them.
            PipelineJob job = listed.getJobDetail().getTaskDetailsCount() > 0 ? listed
                    : call("reading pipeline job " + listed.getName(), () -> clients.pipelines().getPipelineJob(listed.getName()));
            completions.map(job).ifPresent(finished::add);
        }
        finished.sort(Comparator.comparing(FinishedRun::finishedAt).thenComparing(run -> run.event().runId()));
        return finished;
    }

    /** Pub/Sub messages acknowledged without an event, for {@code reason} (0 when polling). */
    long ignoredMessages(PubSubCompletionSource.Ignored reason) {
        return pubSub.map(source -> source.ignored(reason)).orElse(0L);
    }

    /**
     * Ready when Vertex answered an authenticated call recently: a one-item ListPipelineJobs of the
     * Provider's location, at most every {@link #READY_FOR}, so probes cost little. Wrong
     * credentials, a missing permission, a wrong project or location all show as not ready.
     */
    @Override
    public boolean isReady() {
        Instant now = clock.instant();
        Instant last = lastAnswered;
        if (last != null && now.isBefore(last.plus(READY_FOR))) {
            return true;
        }
        try {
            clients.pipelines().listPipelineJobsCallable().call(
                    ListPipelineJobsRequest.newBuilder().setParent(settings.parent()).setPageSize(1).build(),
                    GrpcCallContext.createDefault().withTimeoutDuration(READY_PROBE_TIMEOUT));
            lastAnswered = now;
            return true;
        } catch (RuntimeException e) {
            LOG.warn("not ready: {}", VertexErrors.map("listing pipeline jobs of " + settings.parent(), e).getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        clients.close();
    }

    // ---- building blocks ----

    private List<PipelineJob> listJobs(String filter) {
        return call("listing pipeline jobs", () -> {
            List<PipelineJob> jobs = new ArrayList<>();
            ListPipelineJobsRequest request = ListPipelineJobsRequest.newBuilder()
                    .setParent(settings.parent()).setFilter(filter).build();
            VertexAnswers.forEachItem(clients.pipelines().listPipelineJobs(request).getPage(), "listing pipeline jobs",
                    job -> jobs.add(job));
            // Their names go into the next calls (cancel, delete, get): one that is not a job would fail as the user's fault.
            jobs.forEach(job -> VertexAnswers.resourceName(job.getName(), settings.parent(), "pipelineJobs",
                    "listing pipeline jobs", "a pipeline job"));
            return jobs;
        });
    }

    private static String labelFilter(String key, String value) {
        return "labels." + VertexLabels.key(key) + "=" + quote(VertexLabels.value(value));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean isFailedPrecondition(Throwable e) {
        return e instanceof com.google.api.gax.rpc.FailedPreconditionException;
    }

    /** Like {@link #call}, for a call on one existing object: NOT_FOUND is a 404. */
    private static <T> T callOnExisting(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (PlatformException e) {
            throw e;
        } catch (RuntimeException e) {
            throw VertexErrors.mapOnExisting(operation, e);
        }
    }

    /** Runs a Google call, turning its failures into the SPI's exceptions. */
    private static <T> T call(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (PlatformException e) {
            throw e;
        } catch (RuntimeException e) {
            throw VertexErrors.map(operation, e);
        }
    }
}
