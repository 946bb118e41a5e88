package io.kfpoperator.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.pipeline.CompiledPipeline;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.OperationNotSupportedException;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory ML platform for the sandbox, tests and benchmarks: it keeps pipelines with versions,
 * experiments, run schedules and runs; schedules fire on their cron; runs finish after
 * {@link SimulatedSettings#runDuration()} with the configured outcome and artifacts. Nothing runs
 * anywhere: time is read from the injected {@link Clock} and state advances lazily on every call,
 * so a {@link ManualClock} makes it deterministic.
 *
 * <p>Run schedule ids contain a '/' (as Vertex AI's do), so clients that forget to URL-escape ids
 * in the contract's paths find out here rather than in production.
 *
 * <p>Two run parameters are the simulator's own, so a manifest can show retries and timeouts: the
 * first {@value #FAIL_ATTEMPTS_PARAMETER} attempts of a run fail (e.g. "2": attempts 1 and 2 fail,
 * 3 ends as configured), and {@value #RUN_DURATION_PARAMETER} (e.g. "10m") replaces the run duration.
 *
 * <p>Thread-safe: state is guarded by one lock; injected latency is spent outside it.
 */
public final class SimulatedPlatform implements PipelinePlatform {

    /** Run parameter: how many first attempts of the run fail. */
    public static final String FAIL_ATTEMPTS_PARAMETER = "simulated.failAttempts";
    /** Run parameter: how long the run takes, instead of the platform's runDuration. */
    public static final String RUN_DURATION_PARAMETER = "simulated.runDuration";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPlatform.class);
    /** Firings a schedule with catchUp makes up at once at most, as a bound on what a long suspension costs. */
    static final int MAX_CATCH_UP = 100;

    private final String providerName;
    private final Clock clock;
    private final Object lock = new Object();

    private volatile SimulatedSettings settings;
    private Random faults;
    private final Map<FaultPlan.Fault, Long> injected = new java.util.concurrent.ConcurrentHashMap<>();
    private long nextId = 1;

    private final Map<String, PipelineState> pipelines = new LinkedHashMap<>();
    private final Map<String, ExperimentState> experiments = new LinkedHashMap<>();
    private final Map<String, ScheduleState> schedules = new LinkedHashMap<>();
    private final Map<String, RunState> runs = new LinkedHashMap<>();

    public SimulatedPlatform(String providerName, SimulatedSettings settings, Clock clock) {
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.faults = new Random(settings.seed());
    }

    // ---- knobs for tests, the sandbox and benchmarks ----

    public SimulatedSettings settings() {
        return settings;
    }

    /** Replaces the behaviour for calls and runs from now on; runs already started keep theirs. */
    public void updateSettings(SimulatedSettings newSettings) {
        synchronized (lock) {
            if (newSettings.seed() != settings.seed()) {
                faults = new Random(newSettings.seed());
            }
            settings = Objects.requireNonNull(newSettings);
        }
    }

    public void setRunDuration(Duration runDuration) {
        updateSettings(settings.withRunDuration(runDuration));
    }

    public void setRunOutcome(RunCompletionStatus outcome) {
        updateSettings(settings.withRunOutcome(outcome));
    }

    public void setArtifacts(List<PipelineComponent> artifacts) {
        updateSettings(settings.withArtifacts(artifacts));
    }

    public void setErrorRate(double errorRate) {
        updateSettings(settings.withErrorRate(errorRate));
    }

    public void setLatency(Duration latency) {
        updateSettings(settings.withLatency(latency));
    }

    /** Forgets every object (settings stay), e.g. between contract tests. */
    public void reset() {
        synchronized (lock) {
            pipelines.clear();
            experiments.clear();
            schedules.clear();
            runs.clear();
            faults = new Random(settings.seed());
        }
    }

    /** Fires due schedules now; every other call does this too, so it is only needed by idle observers. */
    public void tick() {
        synchronized (lock) {
            advance(clock.instant());
        }
    }

    // ---- read-only inspection ----

    public List<SimulatedPipeline> pipelines() {
        synchronized (lock) {
            return pipelines.values().stream()
                    .map(p -> new SimulatedPipeline(p.id, p.name, List.copyOf(p.versions))).toList();
        }
    }

    public List<SimulatedExperiment> experiments() {
        synchronized (lock) {
            return experiments.values().stream()
                    .map(e -> new SimulatedExperiment(e.id, e.name, e.version, e.description)).toList();
        }
    }

    public List<SimulatedRunSchedule> runSchedules() {
        synchronized (lock) {
            advance(clock.instant());
            return schedules.values().stream()
                    .map(s -> new SimulatedRunSchedule(s.id, s.definition, s.lastFiredAt, s.skippedFirings)).toList();
        }
    }

    /** Runs that exist on the platform (deleted and cancelled ones are gone). */
    public List<SimulatedRun> runs() {
        synchronized (lock) {
            Instant now = clock.instant();
            advance(now);
            return runs.values().stream().filter(r -> !r.deleted).map(r -> r.view(now)).toList();
        }
    }

    // ---- PipelinePlatform ----

    @Override
    public String createPipeline(PipelineDefinition definition, JsonNode compiledPipeline) {
        return call("create pipeline", () -> {
            // Rejects what no real platform could read (a pipelineSpec that is not a spec), as they do.
            CompiledPipeline.of(compiledPipeline);
            synchronized (lock) {
                PipelineState pipeline = findPipeline(definition.name());
                if (pipeline == null) {
                    pipeline = new PipelineState(newId("pipeline-"), definition.name());
                    pipelines.put(pipeline.id, pipeline);
                    LOG.info("simulated: created pipeline {} ({})", pipeline.id, definition.name());
                }
                if (pipeline.versions.add(definition.version())) {
                    LOG.info("simulated: uploaded pipeline version {} of {}", definition.version(), pipeline.id);
                }
                return pipeline.id;
            }
        });
    }

    @Override
    public String updatePipeline(String id, PipelineDefinition definition, JsonNode compiledPipeline) {
        return call("update pipeline", () -> {
            CompiledPipeline.of(compiledPipeline);
            synchronized (lock) {
                PipelineState pipeline = pipelines.get(id);
                if (pipeline == null) {
                    throw new ResourceNotFoundException("simulated platform has no pipeline with id '" + id + "'");
                }
                pipeline.versions.add(definition.version());
                return pipeline.id;
            }
        });
    }

    @Override
    public void deletePipeline(String id) {
        run("delete pipeline", () -> {
            synchronized (lock) {
                if (pipelines.remove(id) != null) {
                    LOG.info("simulated: deleted pipeline {}", id);
                }
            }
        });
    }

    @Override
    public String createExperiment(ExperimentDefinition definition) {
        return call("create experiment", () -> {
            synchronized (lock) {
                // Experiment names are unique on the platform, so a repeated create finds the existing one.
                ExperimentState existing = experiments.values().stream()
                        .filter(e -> Objects.equals(e.name, definition.name())).findFirst().orElse(null);
                if (existing != null) {
                    return existing.id;
                }
                ExperimentState experiment = new ExperimentState(newId("experiment-"), definition);
                experiments.put(experiment.id, experiment);
                LOG.info("simulated: created experiment {} ({})", experiment.id, definition.name());
                return experiment.id;
            }
        });
    }

    @Override
    public String updateExperiment(String id, ExperimentDefinition definition) {
        return call("update experiment", () -> {
            synchronized (lock) {
                ExperimentState experiment = experiments.get(id);
                if (experiment == null) {
                    throw new ResourceNotFoundException("simulated platform has no experiment with id '" + id + "'");
                }
                experiment.version = definition.version();
                experiment.description = definition.description();
                return id;
            }
        });
    }

    @Override
    public void deleteExperiment(String id) {
        run("delete experiment", () -> {
            synchronized (lock) {
                experiments.remove(id);
            }
        });
    }

    @Override
    public String createRunSchedule(RunScheduleDefinition definition) {
        return call("create run schedule", () -> {
            CronSchedule cron = cronOf(definition);
            synchronized (lock) {
                Instant now = clock.instant();
                advance(now);
                for (ScheduleState s : schedules.values()) {
                    if (Objects.equals(s.definition.name(), definition.name()) && Objects.equals(s.definition.version(), definition.version())) {
                        return s.id;
                    }
                }
                if (!definition.isSuspended()) {
                    requirePipelineVersion(definition.pipelineName(), definition.pipelineVersion());
                }
                ScheduleState schedule = new ScheduleState(newId("schedules/"), definition, cron, now);
                schedules.put(schedule.id, schedule);
                LOG.info("simulated: created run schedule {} ({}, cron '{}')", schedule.id, definition.name(),
                        definition.schedule().cronExpression());
                return schedule.id;
            }
        });
    }

    @Override
    public String updateRunSchedule(String id, RunScheduleDefinition definition) {
        return call("update run schedule", () -> {
            // Parsed before anything changes: a rejected update leaves the old schedule firing.
            CronSchedule cron = cronOf(definition);
            synchronized (lock) {
                Instant now = clock.instant();
                advance(now);
                ScheduleState schedule = schedules.get(id);
                if (schedule == null) {
                    throw new ResourceNotFoundException("simulated platform has no run schedule with id '" + id + "'");
                }
                if (definition.isSuspended()) {
                    // Suspending names no pipeline version to run: it is what is done when the pipeline is gone.
                    schedule.definition = definition;
                    schedule.cron = cron;
                    LOG.info("simulated: suspended run schedule {}", id);
                    return id;
                }
                requirePipelineVersion(definition.pipelineName(), definition.pipelineVersion());
                Schedule before = schedule.definition.schedule();
                Schedule after = definition.schedule();
                // A resume with catchUp keeps the schedule's place, so the firings it missed while suspended are made up.
                boolean resumeCatchingUp = before.suspended() && !after.suspended() && after.catchingUp()
                        && Objects.equals(before.cronExpression(), after.cronExpression()) && Objects.equals(before.zone(), after.zone());
                schedule.definition = definition;
                schedule.cron = cron;
                if (!resumeCatchingUp) {
                    schedule.activeSince = now;
                }
                LOG.info("simulated: updated run schedule {} (cron '{}'{})", id, after.cronExpression(),
                        after.suspended() ? ", suspended" : before.suspended() ? ", resumed" : "");
                return id;
            }
        });
    }

    @Override
    public void deleteRunSchedule(String id) {
        run("delete run schedule", () -> {
            synchronized (lock) {
                advance(clock.instant());
                schedules.remove(id);
            }
        });
    }

    @Override
    public String createRun(RunDefinition definition) {
        return call("create run", () -> {
            synchronized (lock) {
                Instant now = clock.instant();
                advance(now);
                for (RunState r : runs.values()) {
                    if (!r.deleted && r.name != null && r.name.equals(definition.name()) && Objects.equals(r.version, definition.version())
                            && r.attempt == definition.attemptNumber()) {
                        return r.id;
                    }
                }
                requirePipelineVersion(definition.pipelineName(), definition.pipelineVersion());
                RunState run = startRun(now, definition.name(), definition.version(), definition.pipelineName(),
                        definition.pipelineVersion(), definition.runConfigurationName(), definition.experimentName(), null,
                        definition.parameters(), definition.attemptNumber());
                LOG.info("simulated: started run {} ({}, attempt {})", run.id, definition.name(), run.attempt);
                return run.id;
            }
        });
    }

    @Override
    public String updateRun(String id, RunDefinition definition) {
        throw new OperationNotSupportedException("the simulated platform cannot update a run; delete it and create a new one");
    }

    /** A running run finishes now as failed, stopped; a finished one is left as it is. */
    @Override
    public void stopRun(String id) {
        run("stop run", () -> {
            synchronized (lock) {
                Instant now = clock.instant();
                advance(now);
                RunState run = runs.get(id);
                if (run == null || run.deleted) {
                    throw new ResourceNotFoundException("simulated platform has no run with id '" + id + "'");
                }
                if (run.stop(now)) {
                    LOG.info("simulated: stopped run {}", id);
                }
            }
        });
    }

    @Override
    public void deleteRun(String id) {
        run("delete run", () -> {
            synchronized (lock) {
                Instant now = clock.instant();
                advance(now);
                RunState run = runs.get(id);
                if (run == null || run.deleted) {
                    return;
                }
                if (run.finishesAt.isAfter(now)) {
                    // Stopped before it finished: it never completes, so no completion event is due.
                    runs.remove(id);
                    LOG.info("simulated: cancelled running run {}", id);
                } else {
                    // Kept (hidden) so a completion event not yet delivered is still reported.
                    run.deleted = true;
                    LOG.info("simulated: deleted run {}", id);
                }
            }
        });
    }

    @Override
    public List<FinishedRun> finishedRunsSince(Instant since) {
        return call("list finished runs", () -> {
            synchronized (lock) {
                Instant now = clock.instant();
                advance(now);
                return runs.values().stream()
                        .filter(r -> !r.finishesAt.isAfter(now) && !r.finishesAt.isBefore(since))
                        .sorted(Comparator.comparing((RunState r) -> r.finishesAt).thenComparing(r -> r.sequence))
                        .map(r -> new FinishedRun(r.finishesAt, r.event()))
                        .toList();
            }
        });
    }

    // ---- internals ----

    private PipelineState findPipeline(String name) {
        return pipelines.values().stream().filter(p -> Objects.equals(p.name, name)).findFirst().orElse(null);
    }

    private void requirePipelineVersion(String pipelineName, String version) {
        PipelineState pipeline = findPipeline(pipelineName);
        if (pipeline == null || !pipeline.versions.contains(version)) {
            throw new PlatformRejectedException("simulated platform has no pipeline '" + pipelineName
                    + "' with version '" + version + "'");
        }
    }

    private String newId(String prefix) {
        return prefix + (nextId++);
    }

    private RunState startRun(Instant startedAt, String name, String version, String pipelineName, String pipelineVersion,
            String runConfigurationName, String experimentName, String scheduleId, Map<String, String> parameters, int attempt) {
        SimulatedSettings s = settings;
        Map<String, String> given = parameters == null ? Map.of() : Map.copyOf(parameters);
        Duration duration = s.runDuration();
        if (given.containsKey(RUN_DURATION_PARAMETER)) {
            try {
                duration = SimulatedSettings.parseDuration(RUN_DURATION_PARAMETER, given.get(RUN_DURATION_PARAMETER));
            } catch (PlatformConfigurationException e) {
                throw new PlatformRejectedException("run " + e.getMessage().replaceFirst("^simulated ", ""));
            }
        }
        RunCompletionStatus outcome = attempt <= failingAttempts(given) ? RunCompletionStatus.FAILED : s.runOutcome();
        RunState run = new RunState(newId("run-"), nextId, name, version, pipelineName, pipelineVersion,
                runConfigurationName, experimentName, scheduleId, startedAt, startedAt.plus(duration),
                outcome, s.artifacts(), given, attempt);
        runs.put(run.id, run);
        return run;
    }

    /** How many first attempts of a run the parameter {@value #FAIL_ATTEMPTS_PARAMETER} makes fail (0 when absent). */
    private static int failingAttempts(Map<String, String> parameters) {
        String value = parameters.get(FAIL_ATTEMPTS_PARAMETER);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new PlatformRejectedException("run parameter '" + FAIL_ATTEMPTS_PARAMETER + "' must be a whole number, was '" + value + "'");
        }
    }

    /**
     * Fires every schedule that is due at {@code now}, each firing at its own time. A suspended
     * schedule fires nothing. Of the firings since the last one, a schedule with catchUp makes up
     * every one (at most {@link #MAX_CATCH_UP}); one without fires only the latest (like KFP's
     * no_catchup).
     */
    private void advance(Instant now) {
        for (ScheduleState s : schedules.values()) {
            Schedule schedule = s.definition.schedule();
            if (schedule.suspended() || s.definition.isSuspended()) {
                continue;
            }
            Instant after = s.lastFiredAt != null && s.lastFiredAt.isAfter(s.activeSince) ? s.lastFiredAt : s.activeSince;
            List<Instant> due = schedule.catchingUp() ? s.cron.firingsAfter(after, now, MAX_CATCH_UP)
                    : s.cron.lastFiringAtOrBefore(now).filter(at -> at.isAfter(after)).map(List::of).orElse(List.of());
            for (Instant at : due) {
                s.lastFiredAt = at;
                if (withinWindow(schedule, at)) {
                    fire(s, at);
                }
            }
        }
    }

    /** One firing at {@code at}, as its concurrency policy says given the schedule's runs still running then. */
    private void fire(ScheduleState s, Instant at) {
        List<RunState> running = runs.values().stream()
                .filter(r -> s.id.equals(r.scheduleId) && !r.startedAt.isAfter(at) && r.finishesAt.isAfter(at)).toList();
        Schedule schedule = s.definition.schedule();
        if (!running.isEmpty() && schedule.forbidsConcurrentRuns()) {
            s.skippedFirings++;
            LOG.info("simulated: schedule {} skipped its firing at {}: run {} is still running (concurrencyPolicy Forbid)", s.id, at,
                    running.get(0).id);
            return;
        }
        if (schedule.replacesRunningRun()) {
            for (RunState r : running) {
                r.stop(at);
                LOG.info("simulated: schedule {} stopped run {} to start another (concurrencyPolicy Replace)", s.id, r.id);
            }
        }
        RunScheduleDefinition d = s.definition;
        RunState run = startRun(at, null, d.version(), d.pipelineName(), d.pipelineVersion(),
                d.runConfigurationName(), d.experimentName(), s.id, d.parameters(), 1);
        LOG.info("simulated: schedule {} fired run {}", s.id, run.id);
    }

    /** The cron in its time zone; the policy checked too, so a bad definition changes nothing. */
    private static CronSchedule cronOf(RunScheduleDefinition definition) {
        if (definition.schedule() == null || definition.schedule().cronExpression() == null) {
            throw new InvalidDefinitionException("schedule.cronExpression is required");
        }
        definition.schedule().policy();
        return CronSchedule.parse(definition.schedule().cronExpression(), definition.schedule().zone());
    }

    private static boolean withinWindow(Schedule schedule, Instant at) {
        return (schedule.startTime() == null || !at.isBefore(schedule.startTime().toInstant()))
                && (schedule.endTime() == null || !at.isAfter(schedule.endTime().toInstant()));
    }

    /**
     * Carries out one platform call with the configured faults: the before-commit ones (errorRate,
     * unavailable, throttled) throw before {@code change} runs, a hang waits first (outside the
     * lock, so a restarted provider service interrupts it and nothing is made), and a lost answer
     * throws only after {@code change} committed.
     */
    private <T> T call(String operation, java.util.function.Supplier<T> change) {
        FaultPlan.Fault fault = beforeCommit(operation);
        T result = change.get();
        if (fault == FaultPlan.Fault.LOST) {
            injected.merge(FaultPlan.Fault.LOST, 1L, Long::sum);
            LOG.info("simulated: {} committed; losing its answer (injected)", operation);
            throw new AnswerLostException("simulated platform: injected loss of the answer to " + operation + " after it was carried out");
        }
        return result;
    }

    private void run(String operation, Runnable change) {
        call(operation, () -> {
            change.run();
            return null;
        });
    }

    private FaultPlan.Fault beforeCommit(String operation) {
        SimulatedSettings s = settings;
        if (!s.latency().isZero()) {
            sleep(s.latency(), operation);
        }
        if (s.errorRate() > 0) {
            double draw;
            synchronized (lock) {
                draw = faults.nextDouble();
            }
            if (draw < s.errorRate()) {
                throw new PlatformUnavailableException("simulated platform: injected failure of " + operation
                        + " (errorRate " + s.errorRate() + ")");
            }
        }
        FaultPlan plan = s.faults();
        if (plan.isNone() || !plan.appliesTo(operation)) {
            return FaultPlan.Fault.NONE;
        }
        FaultPlan.Fault fault;
        synchronized (lock) {
            fault = plan.select(faults.nextDouble());
        }
        switch (fault) {
            case UNAVAILABLE -> {
                injected.merge(fault, 1L, Long::sum);
                throw new PlatformUnavailableException("simulated platform: injected failure of " + operation + " before it was carried out");
            }
            case THROTTLED -> {
                injected.merge(fault, 1L, Long::sum);
                throw new SimulatedThrottledException("simulated platform: injected throttling of " + operation);
            }
            case HANG -> {
                injected.merge(fault, 1L, Long::sum);
                LOG.info("simulated: {} hangs for {} (injected)", operation, plan.hangFor());
                sleep(plan.hangFor(), operation);
            }
            default -> {
            }
        }
        return fault;
    }

    private static void sleep(Duration duration, String operation) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnavailableException("simulated platform: interrupted during " + operation);
        }
    }

    /** How many faults of each kind the fault plan injected so far: unavailable, throttled, lost, hang. */
    public Map<String, Long> injectedFaults() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FaultPlan.Fault fault : FaultPlan.Fault.values()) {
            if (fault != FaultPlan.Fault.NONE) {
                counts.put(fault.name().toLowerCase(java.util.Locale.ROOT), injected.getOrDefault(fault, 0L));
            }
        }
        return counts;
    }

    /** Replaces the fault plan from now on (calls already hanging go on). */
    public void setFaults(FaultPlan plan) {
        updateSettings(settings.withFaults(plan));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static final class PipelineState {
        final String id;
        final String name;
        final Set<String> versions = new LinkedHashSet<>();

        PipelineState(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private static final class ExperimentState {
        final String id;
        final String name;
        String version;
        String description;

        ExperimentState(String id, ExperimentDefinition definition) {
            this.id = id;
            this.name = definition.name();
            this.version = definition.version();
            this.description = definition.description();
        }
    }

    private static final class ScheduleState {
        final String id;
        RunScheduleDefinition definition;
        CronSchedule cron;
        Instant activeSince;
        Instant lastFiredAt;
        long skippedFirings;

        ScheduleState(String id, RunScheduleDefinition definition, CronSchedule cron, Instant activeSince) {
            this.id = id;
            this.definition = definition;
            this.cron = cron;
            this.activeSince = activeSince;
        }
    }

    private final class RunState {
        final String id;
        final long sequence;
        final String name;
        final String version;
        final String pipelineName;
        final String pipelineVersion;
        final String runConfigurationName;
        final String experimentName;
        final String scheduleId;
        final Instant startedAt;
        Instant finishesAt;
        RunCompletionStatus outcome;
        final List<PipelineComponent> components;
        final Map<String, String> parameters;
        final int attempt;
        boolean deleted;
        boolean stopped;

        RunState(String id, long sequence, String name, String version, String pipelineName, String pipelineVersion,
                String runConfigurationName, String experimentName, String scheduleId, Instant startedAt,
                Instant finishesAt, RunCompletionStatus outcome, List<PipelineComponent> components, Map<String, String> parameters,
                int attempt) {
            this.id = id;
            this.sequence = sequence;
            this.name = name;
            this.version = version;
            this.pipelineName = pipelineName;
            this.pipelineVersion = pipelineVersion;
            this.runConfigurationName = runConfigurationName;
            this.experimentName = experimentName;
            this.scheduleId = scheduleId;
            this.startedAt = startedAt;
            this.finishesAt = finishesAt;
            this.outcome = outcome;
            this.components = components;
            this.parameters = parameters;
            this.attempt = attempt;
        }

        /** Stopped on the platform at {@code at}, if still running then: it finishes then, failed and stopped, as a cancelled KFP run. */
        boolean stop(Instant at) {
            if (!finishesAt.isAfter(at)) {
                return false;
            }
            finishesAt = at;
            outcome = RunCompletionStatus.FAILED;
            stopped = true;
            return true;
        }

        SimulatedRun view(Instant now) {
            boolean finished = !finishesAt.isAfter(now);
            SimulatedRunState state = !finished ? SimulatedRunState.RUNNING
                    : stopped ? SimulatedRunState.STOPPED
                    : outcome == RunCompletionStatus.SUCCEEDED ? SimulatedRunState.SUCCEEDED : SimulatedRunState.FAILED;
            return new SimulatedRun(id, name, version, pipelineName, pipelineVersion, runConfigurationName,
                    experimentName, scheduleId, state, startedAt, finished ? finishesAt : null, parameters, attempt);
        }

        /** The RunCompletionEventData of a finished run; absent names are left out rather than sent as "". */
        RunCompletionEventData event() {
            List<PipelineComponent> produced = components.stream()
                    .map(c -> new PipelineComponent(c.name(), c.componentArtifacts() == null ? List.of()
                            : c.componentArtifacts().stream().map(a -> new ComponentArtifact(a.name(),
                                    a.artifacts() == null ? List.of() : a.artifacts().stream()
                                            .map(i -> new ArtifactInstance(
                                                    i.uri() == null ? null : i.uri().replace("{runId}", id),
                                                    i.metadata()))
                                            .toList()))
                            .toList()))
                    .toList();
            return new RunCompletionEventData(outcome, pipelineName, blankToNull(runConfigurationName),
                    blankToNull(name), id, utc(startedAt), utc(finishesAt), new ArrayList<>(produced), providerName, stopped ? Boolean.TRUE : null);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
