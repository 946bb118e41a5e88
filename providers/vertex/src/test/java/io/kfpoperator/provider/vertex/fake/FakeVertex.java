package io.kfpoperator.provider.vertex.fake;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.google.cloud.aiplatform.v1.CancelPipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreateScheduleRequest;
import com.google.cloud.aiplatform.v1.DeletePipelineJobRequest;
import com.google.cloud.aiplatform.v1.DeleteScheduleRequest;
import com.google.cloud.aiplatform.v1.GetPipelineJobRequest;
import com.google.cloud.aiplatform.v1.GetScheduleRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsResponse;
import com.google.cloud.aiplatform.v1.ListSchedulesRequest;
import com.google.cloud.aiplatform.v1.ListSchedulesResponse;
import com.google.cloud.aiplatform.v1.PauseScheduleRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineJobDetail;
import com.google.cloud.aiplatform.v1.PipelineServiceGrpc;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import com.google.cloud.aiplatform.v1.ResumeScheduleRequest;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.aiplatform.v1.ScheduleServiceGrpc;
import com.google.cloud.aiplatform.v1.UpdateScheduleRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for Vertex AI's PipelineService and ScheduleService on an in-process gRPC
 * server, built on the generated service base classes. It keeps jobs and schedules in maps,
 * validates requests as the v1 protos (reference/vertex at the repository root) define them (required fields,
 * id and label formats, cron, update masks) and answers with Vertex's status codes, so the
 * platform's requests are checked, not just recorded. Time is a manual clock.
 */
public final class FakeVertex implements AutoCloseable {

    private static final Pattern PARENT = Pattern.compile("projects/[^/]+/locations/[^/]+");
    private static final Pattern JOB_ID = Pattern.compile("[a-z][-a-z0-9]{0,127}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Set<String> UPDATABLE_SCHEDULE_FIELDS = Set.of("display_name", "cron", "start_time", "end_time",
            "max_run_count", "max_concurrent_run_count", "allow_queueing", "create_pipeline_job_request");
    /** Small, so the platform's paging is exercised by every test with a few objects. */
    private static final int PAGE_SIZE = 2;

    private final String serverName = "fake-vertex-" + UUID.randomUUID();
    private final Map<String, PipelineJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final Map<String, Status> failures = new ConcurrentHashMap<>();
    private final Map<String, Status> losses = new ConcurrentHashMap<>();
    private final List<String> lostAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Message> requestPrototypes = new ConcurrentHashMap<>();
    private final Map<String, Message> answerPrototypes = new ConcurrentHashMap<>();
    private Mangling mangling;
    private int answersSinceMangling;
    private String mangledMethod;
    private boolean mangledOne;
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile Instant now = Instant.parse("2026-11-25T12:00:00Z");
    private volatile boolean cancelImmediately = true;
    /** Schedules ListSchedules does not show yet (made while listing lagged). */
    private final Set<String> notYetListed = ConcurrentHashMap.newKeySet();
    private volatile boolean listingLags;
    private final Server server;

    public FakeVertex() {
        try {
            ServerServiceDefinition pipelines = new Pipelines().bindService();
            ServerServiceDefinition schedules = new Schedules().bindService();
            rememberPrototypes(pipelines);
            rememberPrototypes(schedules);
            // Messages as bytes, so an answer can be sent as bytes no Vertex would write.
            server = InProcessServerBuilder.forName(serverName).directExecutor()
                    .addService(ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(pipelines),
                            new AnswerBytes()))
                    .addService(ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(schedules),
                            new AnswerBytes()))
                    .build().start();
        } catch (IOException e) {
            throw new IllegalStateException("in-process server cannot fail to start", e);
        }
    }

    /** A new channel to the fake; each platform instance gets its own (closing the clients closes it). */
    public ManagedChannel channel() {
        return InProcessChannelBuilder.forName(serverName).directExecutor().build();
    }

    // ---- test controls ----

    public Instant now() {
        return now;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** The next call of {@code method} (e.g. "CreatePipelineJob") fails with {@code status}. */
    public void failNext(String method, Status status) {
        failures.put(method, status);
    }

    /**
     * The next call of {@code method} is carried out (what it creates or changes stays), then
     * answered with {@code status} instead of its result: what a client sees when the connection
     * breaks after Vertex acted ({@code UNAVAILABLE}) or its deadline passes first
     * ({@code DEADLINE_EXCEEDED}).
     */
    public void loseAnswerOfNext(String method, Status status) {
        losses.put(method, status);
    }

    /** The methods whose answers were lost so far, oldest first. */
    public List<String> lostAnswers() {
        return List.copyOf(lostAnswers);
    }

    /**
     * Rewrites the answer Vertex wrote (the call was carried out) into bytes no Vertex would send:
     * a field missing or of another wire type, an unknown enum value, a huge value, the message cut
     * short or garbled. Gets the method, its request and answer, and the answer's bytes.
     */
    @FunctionalInterface
    public interface AnswerMangler {
        byte[] mangle(String method, Message request, Message answer, byte[] bytes);
    }

    private record Mangling(int index, boolean sticky, AnswerMangler mangler) {
    }

    /**
     * Answer number {@code index} from now on (0 = the next answer of any method) goes out as
     * {@code mangler} rewrites it; with {@code sticky}, so does every later answer of that method.
     */
    public synchronized void mangleAnswer(int index, boolean sticky, AnswerMangler mangler) {
        mangling = new Mangling(index, sticky, mangler);
        answersSinceMangling = 0;
        mangledMethod = null;
        mangledOne = false;
    }

    /** Every answer of {@code method} goes out as {@code mangler} rewrites it. */
    public synchronized void mangleAnswersOf(String method, AnswerMangler mangler) {
        mangling = new Mangling(-1, true, mangler);
        answersSinceMangling = 0;
        mangledMethod = method;
        mangledOne = false;
    }

    /** Whether a mangled answer went out since {@link #mangleAnswer}. */
    public synchronized boolean mangledAnAnswer() {
        return mangledOne;
    }

    /** Answers sent since {@link #mangleAnswer}; a client that loops after a mangled answer makes it grow without end. */
    public synchronized int answersSinceMangling() {
        return answersSinceMangling;
    }

    /** Requests after a mangled answer beyond which the client is taken to loop and answered UNAVAILABLE. */
    public static final int LOOP_LIMIT = 1_000;

    private synchronized boolean clientLooping() {
        return mangling != null && answersSinceMangling > LOOP_LIMIT;
    }

    private synchronized Optional<AnswerMangler> manglerFor(String method) {
        if (mangling == null) {
            return Optional.empty();
        }
        int index = answersSinceMangling++;
        boolean mangleThis = mangling.index < 0 ? method.equals(mangledMethod)
                : index == mangling.index || (mangling.sticky && index > mangling.index && method.equals(mangledMethod));
        if (!mangleThis) {
            return Optional.empty();
        }
        mangledMethod = method;
        mangledOne = true;
        return Optional.of(mangling.mangler);
    }

    private void rememberPrototypes(ServerServiceDefinition service) {
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
            requestPrototypes.put(descriptor.getBareMethodName(), prototype(descriptor.getRequestMarshaller()));
            answerPrototypes.put(descriptor.getBareMethodName(), prototype(descriptor.getResponseMarshaller()));
        }
    }

    private static Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) marshaller).getMessagePrototype();
    }

    /** Passes requests and answers through as bytes, rewriting the answers {@link #mangleAnswer} asks for. */
    private final class AnswerBytes implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            String method = call.getMethodDescriptor().getBareMethodName();
            AtomicReference<Message> request = new AtomicReference<>();
            if (clientLooping()) {
                call.close(Status.UNAVAILABLE.withDescription("fake Vertex: more than " + LOOP_LIMIT
                        + " calls after a mangled answer"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            ServerCall<Q, A> rewriting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                @SuppressWarnings("unchecked")
                public void sendMessage(A message) {
                    Optional<AnswerMangler> mangler = manglerFor(method);
                    if (mangler.isEmpty()) {
                        super.sendMessage(message);
                        return;
                    }
                    byte[] bytes = readAll((InputStream) message);
                    Message answer = parse(answerPrototypes.get(method), bytes);
                    byte[] mangled = mangler.get().mangle(method, request.get(), answer, bytes);
                    super.sendMessage((A) new ByteArrayInputStream(mangled));
                }
            };
            ServerCall.Listener<Q> listener = next.startCall(rewriting, headers);
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
                @Override
                @SuppressWarnings("unchecked")
                public void onMessage(Q message) {
                    byte[] bytes = readAll((InputStream) message);
                    request.set(parse(requestPrototypes.get(method), bytes));
                    super.onMessage((Q) new ByteArrayInputStream(bytes));
                }
            };
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("an in-process message cannot fail to read", e);
        }
    }

    private static Message parse(Message prototype, byte[] bytes) {
        try {
            return prototype.getParserForType().parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("the fake wrote a message it cannot read", e);
        }
    }

    /** How many calls of {@code method} reached the fake. */
    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    /**
     * While true, schedules made are not listed by ListSchedules until {@link #listingCatchesUp()}:
     * what a client would see if Vertex's list lagged behind its creates (its documentation does
     * not say it cannot).
     */
    public void listingLags(boolean lags) {
        listingLags = lags;
    }

    public void listingCatchesUp() {
        notYetListed.clear();
    }

    /** When false, a cancelled job stays CANCELLING until {@link #completeCancellations()}. */
    public void cancelImmediately(boolean immediately) {
        cancelImmediately = immediately;
    }

    public void completeCancellations() {
        jobs.replaceAll((name, job) -> job.getState() == PipelineState.PIPELINE_STATE_CANCELLING
                ? finished(job, PipelineState.PIPELINE_STATE_CANCELLED, List.of()) : job);
    }

    public List<PipelineJob> jobs() {
        return jobs.values().stream().sorted(Comparator.comparing(PipelineJob::getName)).toList();
    }

    public PipelineJob job(String pipelineJobId) {
        return jobs.values().stream().filter(j -> j.getName().endsWith("/pipelineJobs/" + pipelineJobId)).findFirst()
                .orElseThrow(() -> new AssertionError("no pipeline job " + pipelineJobId + " in " + jobs.keySet()));
    }

    public List<Schedule> schedules() {
        return schedules.values().stream().sorted(Comparator.comparing(Schedule::getName)).toList();
    }

    public Schedule schedule(String name) {
        Schedule schedule = schedules.get(name);
        if (schedule == null) {
            throw new AssertionError("no schedule " + name + " in " + schedules.keySet());
        }
        return schedule;
    }

    /** Finishes a job now, with the task details (outputs) Vertex would report. */
    public void finish(String pipelineJobId, PipelineState state, List<PipelineTaskDetail> tasks) {
        PipelineJob job = job(pipelineJobId);
        jobs.put(job.getName(), finished(job, state, tasks));
    }

    /** A finished job that some other client created directly in the project. */
    public void insert(String pipelineJobId, Map<String, String> labels, PipelineState state) {
        String name = "projects/ml-project/locations/europe-west2/pipelineJobs/" + pipelineJobId;
        jobs.put(name, PipelineJob.newBuilder().setName(name).putAllLabels(labels).setState(state)
                .setCreateTime(ts(now)).setStartTime(ts(now)).setEndTime(ts(now)).setUpdateTime(ts(now)).build());
    }

    /** What Vertex does when a schedule fires: a job from its request, naming the schedule. */
    public PipelineJob fire(String scheduleName) {
        Schedule schedule = schedule(scheduleName);
        CreatePipelineJobRequest request = schedule.getCreatePipelineJobRequest();
        String name = request.getParent() + "/pipelineJobs/scheduled-" + sequence.incrementAndGet();
        PipelineJob job = request.getPipelineJob().toBuilder().setName(name).setScheduleName(scheduleName)
                .setState(PipelineState.PIPELINE_STATE_RUNNING).setCreateTime(ts(now)).setStartTime(ts(now))
                .setUpdateTime(ts(now)).build();
        jobs.put(name, job);
        return job;
    }

    private PipelineJob finished(PipelineJob job, PipelineState state, List<PipelineTaskDetail> tasks) {
        return job.toBuilder().setState(state).setEndTime(ts(now)).setUpdateTime(ts(now))
                .setJobDetail(PipelineJobDetail.newBuilder().addAllTaskDetails(tasks)).build();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    // ---- PipelineService ----

    private final class Pipelines extends PipelineServiceGrpc.PipelineServiceImplBase {

        @Override
        public void createPipelineJob(CreatePipelineJobRequest request, StreamObserver<PipelineJob> response) {
            answer("CreatePipelineJob", response, () -> {
                requireParent(request.getParent(), "parent");
                if (!request.hasPipelineJob()) {
                    throw invalid("pipeline_job is required");
                }
                validateJob(request.getPipelineJob(), "pipeline_job");
                String id = request.getPipelineJobId().isEmpty() ? "job-" + sequence.incrementAndGet() : request.getPipelineJobId();
                if (!JOB_ID.matcher(id).matches()) {
                    throw invalid("pipeline_job_id '" + id + "' must match " + JOB_ID.pattern());
                }
                String name = request.getParent() + "/pipelineJobs/" + id;
                PipelineJob job = request.getPipelineJob().toBuilder().setName(name)
                        .setState(PipelineState.PIPELINE_STATE_RUNNING)
                        .setCreateTime(ts(now)).setStartTime(ts(now)).setUpdateTime(ts(now)).build();
                if (jobs.putIfAbsent(name, job) != null) {
                    throw Status.ALREADY_EXISTS.withDescription("PipelineJob " + name + " already exists").asRuntimeException();
                }
                return job;
            });
        }

        @Override
        public void getPipelineJob(GetPipelineJobRequest request, StreamObserver<PipelineJob> response) {
            answer("GetPipelineJob", response, () -> existingJob(request.getName()));
        }

        @Override
        public void listPipelineJobs(ListPipelineJobsRequest request, StreamObserver<ListPipelineJobsResponse> response) {
            answer("ListPipelineJobs", response, () -> {
                requireParent(request.getParent(), "parent");
                ListFilter filter = ListFilter.parse(request.getFilter());
                List<PipelineJob> matching = jobs.values().stream()
                        .filter(j -> j.getName().startsWith(request.getParent() + "/"))
                        .filter(j -> filter.matches(field -> jobField(j, field)))
                        // Vertex's default order: newest first.
                        .sorted(Comparator.comparing((PipelineJob j) -> instant(j.getCreateTime())).reversed()
                                .thenComparing(PipelineJob::getName))
                        .toList();
                int from = offset(request.getPageToken());
                int to = Math.min(matching.size(), from + (request.getPageSize() > 0 ? request.getPageSize() : PAGE_SIZE));
                // Lists leave out job_detail (it can be large), so the platform must get a job for its artifacts.
                ListPipelineJobsResponse.Builder page = ListPipelineJobsResponse.newBuilder();
                matching.subList(from, to).forEach(j -> page.addPipelineJobs(j.toBuilder().clearJobDetail()));
                if (to < matching.size()) {
                    page.setNextPageToken(Integer.toString(to));
                }
                return page.build();
            });
        }

        @Override
        public void cancelPipelineJob(CancelPipelineJobRequest request, StreamObserver<Empty> response) {
            answer("CancelPipelineJob", response, () -> {
                PipelineJob job = existingJob(request.getName());
                if (isTerminal(job.getState())) {
                    throw Status.FAILED_PRECONDITION.withDescription("PipelineJob " + job.getName() + " is already in state "
                            + job.getState()).asRuntimeException();
                }
                jobs.put(job.getName(), cancelImmediately ? finished(job, PipelineState.PIPELINE_STATE_CANCELLED, List.of())
                        : job.toBuilder().setState(PipelineState.PIPELINE_STATE_CANCELLING).setUpdateTime(ts(now)).build());
                return Empty.getDefaultInstance();
            });
        }

        @Override
        public void deletePipelineJob(DeletePipelineJobRequest request, StreamObserver<Operation> response) {
            answer("DeletePipelineJob", response, () -> {
                PipelineJob job = existingJob(request.getName());
                if (!isTerminal(job.getState())) {
                    throw Status.FAILED_PRECONDITION.withDescription("PipelineJob " + job.getName() + " is in state "
                            + job.getState() + "; cancel it before deleting it").asRuntimeException();
                }
                jobs.remove(job.getName());
                return doneOperation(job.getName());
            });
        }

        private PipelineJob existingJob(String name) {
            if (name.isEmpty()) {
                throw invalid("name is required");
            }
            PipelineJob job = jobs.get(name);
            if (job == null) {
                throw Status.NOT_FOUND.withDescription("PipelineJob " + name + " not found").asRuntimeException();
            }
            return job;
        }
    }

    // ---- ScheduleService ----

    private final class Schedules extends ScheduleServiceGrpc.ScheduleServiceImplBase {

        @Override
        public void createSchedule(CreateScheduleRequest request, StreamObserver<Schedule> response) {
            answer("CreateSchedule", response, () -> {
                requireParent(request.getParent(), "parent");
                if (!request.hasSchedule()) {
                    throw invalid("schedule is required");
                }
                validateSchedule(request.getSchedule());
                String name = request.getParent() + "/schedules/" + (1000 + sequence.incrementAndGet());
                Schedule schedule = request.getSchedule().toBuilder().setName(name).setState(Schedule.State.ACTIVE)
                        .setCreateTime(ts(now)).setUpdateTime(ts(now)).build();
                schedules.put(name, schedule);
                if (listingLags) {
                    notYetListed.add(name);
                }
                return schedule;
            });
        }

        @Override
        public void getSchedule(GetScheduleRequest request, StreamObserver<Schedule> response) {
            answer("GetSchedule", response, () -> existingSchedule(request.getName()));
        }

        @Override
        public void listSchedules(ListSchedulesRequest request, StreamObserver<ListSchedulesResponse> response) {
            answer("ListSchedules", response, () -> {
                requireParent(request.getParent(), "parent");
                ListFilter filter = ListFilter.parse(request.getFilter());
                List<Schedule> matching = schedules.values().stream()
                        .filter(s -> s.getName().startsWith(request.getParent() + "/"))
                        .filter(s -> !notYetListed.contains(s.getName()))
                        .filter(s -> filter.matches(field -> switch (field) {
                            case "display_name" -> s.getDisplayName();
                            case "state" -> s.getState().name();
                            default -> throw invalid("unsupported filter field " + field);
                        }))
                        .sorted(Comparator.comparing(Schedule::getName))
                        .toList();
                int from = offset(request.getPageToken());
                int to = Math.min(matching.size(), from + (request.getPageSize() > 0 ? request.getPageSize() : PAGE_SIZE));
                ListSchedulesResponse.Builder page = ListSchedulesResponse.newBuilder().addAllSchedules(matching.subList(from, to));
                if (to < matching.size()) {
                    page.setNextPageToken(Integer.toString(to));
                }
                return page.build();
            });
        }

        @Override
        public void updateSchedule(UpdateScheduleRequest request, StreamObserver<Schedule> response) {
            answer("UpdateSchedule", response, () -> {
                if (!request.hasSchedule()) {
                    throw invalid("schedule is required");
                }
                if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
                    throw invalid("update_mask is required");
                }
                Schedule existing = existingSchedule(request.getSchedule().getName());
                for (String path : request.getUpdateMask().getPathsList()) {
                    if (!UPDATABLE_SCHEDULE_FIELDS.contains(path)) {
                        throw invalid("update_mask path '" + path + "' is not an updatable Schedule field");
                    }
                }
                Schedule.Builder merged = existing.toBuilder();
                FieldMaskUtil.merge(request.getUpdateMask(), request.getSchedule(), merged,
                        new FieldMaskUtil.MergeOptions().setReplaceMessageFields(true).setReplaceRepeatedFields(true));
                if ((existing.hasEndTime() && !merged.hasEndTime()) || (existing.hasStartTime() && !merged.hasStartTime())) {
                    throw invalid("non-empty fields cannot be unset");
                }
                Schedule updated = merged.setUpdateTime(ts(now)).build();
                // Validated as a whole before it replaces anything: a rejected update changes nothing.
                validateSchedule(updated);
                schedules.put(updated.getName(), updated);
                return updated;
            });
        }

        @Override
        public void deleteSchedule(DeleteScheduleRequest request, StreamObserver<Operation> response) {
            answer("DeleteSchedule", response, () -> {
                Schedule schedule = existingSchedule(request.getName());
                schedules.remove(schedule.getName());
                return doneOperation(schedule.getName());
            });
        }

        @Override
        public void pauseSchedule(PauseScheduleRequest request, StreamObserver<Empty> response) {
            answer("PauseSchedule", response, () -> {
                Schedule schedule = existingSchedule(request.getName());
                if (schedule.getState() != Schedule.State.ACTIVE) {
                    throw Status.FAILED_PRECONDITION.withDescription("Schedule " + schedule.getName() + " is "
                            + schedule.getState() + ", only an ACTIVE schedule can be paused").asRuntimeException();
                }
                schedules.put(schedule.getName(), schedule.toBuilder().setState(Schedule.State.PAUSED)
                        .setLastPauseTime(ts(now)).build());
                return Empty.getDefaultInstance();
            });
        }

        @Override
        public void resumeSchedule(ResumeScheduleRequest request, StreamObserver<Empty> response) {
            answer("ResumeSchedule", response, () -> {
                Schedule schedule = existingSchedule(request.getName());
                if (schedule.getState() != Schedule.State.PAUSED) {
                    throw Status.FAILED_PRECONDITION.withDescription("Schedule " + schedule.getName() + " is "
                            + schedule.getState() + ", only a PAUSED schedule can be resumed").asRuntimeException();
                }
                // catch_up is output only: Vertex records the resume's choice on the schedule.
                schedules.put(schedule.getName(), schedule.toBuilder().setState(Schedule.State.ACTIVE)
                        .setLastResumeTime(ts(now)).setCatchUp(request.getCatchUp()).build());
                return Empty.getDefaultInstance();
            });
        }

        private Schedule existingSchedule(String name) {
            if (name.isEmpty()) {
                throw invalid("name is required");
            }
            Schedule schedule = schedules.get(name);
            if (schedule == null) {
                throw Status.NOT_FOUND.withDescription("Schedule " + name + " not found").asRuntimeException();
            }
            return schedule;
        }
    }

    // ---- validation as the protos define it ----

    private static void validateSchedule(Schedule schedule) {
        if (schedule.getDisplayName().isEmpty()) {
            throw invalid("schedule.display_name is required");
        }
        if (schedule.getDisplayName().length() > 128) {
            throw invalid("schedule.display_name is longer than 128 characters");
        }
        if (schedule.getMaxConcurrentRunCount() <= 0) {
            throw invalid("schedule.max_concurrent_run_count is required and must be positive");
        }
        if (schedule.getTimeSpecificationCase() != Schedule.TimeSpecificationCase.CRON) {
            throw invalid("schedule.cron is required");
        }
        validateCron(schedule.getCron());
        if (schedule.hasStartTime() && schedule.hasEndTime()
                && !instant(schedule.getEndTime()).isAfter(instant(schedule.getStartTime()))) {
            throw invalid("schedule.end_time must be after start_time");
        }
        if (schedule.getRequestCase() != Schedule.RequestCase.CREATE_PIPELINE_JOB_REQUEST) {
            throw invalid("schedule.create_pipeline_job_request is required");
        }
        CreatePipelineJobRequest request = schedule.getCreatePipelineJobRequest();
        requireParent(request.getParent(), "schedule.create_pipeline_job_request.parent");
        if (!request.hasPipelineJob()) {
            throw invalid("schedule.create_pipeline_job_request.pipeline_job is required");
        }
        validateJob(request.getPipelineJob(), "schedule.create_pipeline_job_request.pipeline_job");
    }

    private static void validateCron(String cron) {
        String expression = cron;
        if (expression.startsWith("TZ=") || expression.startsWith("CRON_TZ=")) {
            expression = expression.substring(expression.indexOf(' ') + 1);
        }
        if (expression.trim().split("\\s+").length != 5) {
            throw invalid("schedule.cron '" + cron + "' is not a 5-field unix-cron expression");
        }
        try {
            UNIX.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw invalid("schedule.cron '" + cron + "' is invalid: " + e.getMessage());
        }
    }

    @SuppressWarnings("deprecation") // runtime_config.parameters is deprecated but still accepted
    private static void validateJob(PipelineJob job, String field) {
        if (job.getTemplateUri().isEmpty() && !job.hasPipelineSpec()) {
            throw invalid(field + ": one of template_uri or pipeline_spec is required");
        }
        if (!job.getTemplateUri().isEmpty() && !job.getTemplateUri().startsWith("gs://")
                && !job.getTemplateUri().startsWith("https://")) {
            throw invalid(field + ".template_uri must be a gs:// or https:// URI, was " + job.getTemplateUri());
        }
        if (!job.hasRuntimeConfig() || job.getRuntimeConfig().getGcsOutputDirectory().isEmpty()) {
            throw invalid(field + ".runtime_config.gcs_output_directory is required");
        }
        if (job.getRuntimeConfig().getParametersCount() > 0 && job.getRuntimeConfig().getParameterValuesCount() > 0) {
            throw invalid(field + ".runtime_config: set parameters or parameter_values, not both");
        }
        if (job.hasPipelineSpec()) {
            validatePipelineSpec(job, field);
        }
        if (job.getLabelsCount() > 64) {
            throw invalid(field + ".labels: at most 64 labels");
        }
        job.getLabelsMap().forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches()) {
                throw invalid(field + ".labels: invalid key '" + key + "'");
            }
            if (!LABEL_VALUE.matcher(value).matches()) {
                throw invalid(field + ".labels: invalid value '" + value + "' of key '" + key + "'");
            }
        });
        if (!job.getName().isEmpty()) {
            throw invalid(field + ".name is output only");
        }
    }

    /**
     * pipeline_spec is a KFP PipelineSpec (not the PipelineJob a TFX compiler writes around it), and
     * Vertex binds parameters by its schemaVersion: parameter_values from 2.1.0 on, the deprecated
     * typed map before; the wrong one fails the job.
     */
    @SuppressWarnings("deprecation")
    private static void validatePipelineSpec(PipelineJob job, String field) {
        Map<String, com.google.protobuf.Value> spec = job.getPipelineSpec().getFieldsMap();
        for (String wrapperField : List.of("pipelineSpec", "displayName", "labels", "runtimeConfig")) {
            if (spec.containsKey(wrapperField)) {
                throw invalid(field + ".pipeline_spec: unknown field '" + wrapperField + "' (a PipelineJob, not a PipelineSpec?)");
            }
        }
        com.google.protobuf.Value info = spec.get("pipelineInfo");
        if (info == null || !info.hasStructValue() || info.getStructValue().getFieldsOrDefault("name",
                com.google.protobuf.Value.getDefaultInstance()).getStringValue().isEmpty()) {
            throw invalid(field + ".pipeline_spec.pipelineInfo.name is required");
        }
        if (!spec.containsKey("root")) {
            throw invalid(field + ".pipeline_spec.root is required");
        }
        String schema = spec.getOrDefault("schemaVersion", com.google.protobuf.Value.getDefaultInstance()).getStringValue();
        if (schema.isEmpty()) {
            throw invalid(field + ".pipeline_spec.schemaVersion is required");
        }
        String[] parts = schema.split("\\.");
        boolean atLeast21 = parts.length >= 2 && (Integer.parseInt(parts[0]) > 2
                || Integer.parseInt(parts[0]) == 2 && Integer.parseInt(parts[1]) >= 1);
        if (atLeast21 && job.getRuntimeConfig().getParametersCount() > 0) {
            throw invalid(field + ".runtime_config.parameters is not read by schema " + schema + "; use parameter_values");
        }
        if (!atLeast21 && job.getRuntimeConfig().getParameterValuesCount() > 0) {
            throw invalid(field + ".runtime_config.parameter_values needs schema 2.1.0 or later, the spec has " + schema);
        }
    }

    private static void requireParent(String parent, String field) {
        if (parent.isEmpty()) {
            throw invalid(field + " is required");
        }
        if (!PARENT.matcher(parent).matches()) {
            throw invalid(field + " must be projects/{project}/locations/{location}, was " + parent);
        }
    }

    private static String jobField(PipelineJob job, String field) {
        if (field.startsWith("labels.")) {
            return job.getLabelsMap().get(field.substring("labels.".length()));
        }
        return switch (field) {
            case "state" -> job.getState().name();
            case "display_name" -> job.getDisplayName();
            case "template_uri" -> job.getTemplateUri();
            case "create_time" -> job.hasCreateTime() ? instant(job.getCreateTime()).toString() : null;
            case "update_time" -> job.hasUpdateTime() ? instant(job.getUpdateTime()).toString() : null;
            case "end_time" -> job.hasEndTime() ? instant(job.getEndTime()).toString() : null;
            default -> throw invalid("unsupported filter field " + field);
        };
    }

    private static boolean isTerminal(PipelineState state) {
        return state == PipelineState.PIPELINE_STATE_SUCCEEDED || state == PipelineState.PIPELINE_STATE_FAILED
                || state == PipelineState.PIPELINE_STATE_CANCELLED;
    }

    private static Operation doneOperation(String resource) {
        return Operation.newBuilder().setName(resource + "/operations/" + UUID.randomUUID()).setDone(true)
                .setResponse(Any.pack(Empty.getDefaultInstance())).build();
    }

    private static int offset(String pageToken) {
        try {
            return pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken);
        } catch (NumberFormatException e) {
            throw invalid("invalid page_token " + pageToken);
        }
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private <T> void answer(String method, StreamObserver<T> response, Supplier<T> body) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        Status failure = failures.remove(method);
        if (failure != null) {
            response.onError(failure.asRuntimeException());
            return;
        }
        T result;
        try {
            result = body.get();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        Status lost = losses.remove(method);
        if (lost != null) {
            lostAnswers.add(method);
            response.onError(lost.asRuntimeException());
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
