package io.kfpoperator.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import java.time.Instant;
import java.util.List;

/**
 * One ML platform (Kubeflow Pipelines, Vertex AI, the simulated platform, or a team's own) as
 * the provider service sees it. Every method either returns the platform id or throws a
 * {@link PlatformException} subtype that says how the caller should react.
 *
 * <p>Creates are idempotent: creating a resource whose name and version already exist on the
 * platform returns the existing id and creates nothing, so a retried request never duplicates.
 * Deletes of an id that no longer exists succeed. A create that finds the name taken on the
 * platform (a conflict) adopts what is there. An update the platform cannot make throws
 * ({@link OperationNotSupportedException} or {@link PlatformRejectedException}, with the reason
 * the operator shows on the resource); returning normally means the platform now holds the update.
 */
public interface PipelinePlatform extends AutoCloseable {

    /** Creates the pipeline (if missing) and this version of it; returns the pipeline id. */
    String createPipeline(PipelineDefinition definition, JsonNode compiledPipeline);

    /** Adds the definition's version to the existing pipeline {@code id}; returns the id. */
    String updatePipeline(String id, PipelineDefinition definition, JsonNode compiledPipeline);

    /** Deletes the pipeline with all its versions. */
    void deletePipeline(String id);

    String createExperiment(ExperimentDefinition definition);

    String updateExperiment(String id, ExperimentDefinition definition);

    void deleteExperiment(String id);

    String createRunSchedule(RunScheduleDefinition definition);

    /**
     * Replaces the schedule. On failure the previous schedule stays on the platform and keeps
     * firing; the returned id may differ from {@code id} when the platform replaced it.
     */
    String updateRunSchedule(String id, RunScheduleDefinition definition);

    void deleteRunSchedule(String id);

    String createRun(RunDefinition definition);

    /**
     * Runs cannot be changed once submitted on the platforms we know, so the contract answers
     * {@code PUT /resource/run} with 501; a platform that can update runs overrides this.
     */
    default String updateRun(String id, RunDefinition definition) {
        throw new OperationNotSupportedException("runs cannot be updated; delete the run and create a new one");
    }

    /**
     * Stops the run if it is still running and keeps it on the platform, so it finishes (failed,
     * reported as stopped) through {@link #finishedRunsSince}. Stopping a run that has finished, or
     * is already stopping, succeeds and changes nothing.
     */
    default void stopRun(String id) {
        throw new OperationNotSupportedException("this platform cannot stop runs");
    }

    /** Stops the run if it is still running, then deletes it. */
    void deleteRun(String id);

    /**
     * Runs that reached a terminal state at or after {@code since}, oldest first, each with the
     * instant it finished (the completion event loop's watermark moves along it).
     *
     * <p>The loop only ever passes a {@code since} beyond a run's instant once that run's event was
     * delivered (or given up as undeliverable), so a later call's {@code since} tells a platform
     * which of the runs it returned are done with: the Pub/Sub source of the Vertex platform
     * acknowledges its messages on that signal. Keep it so.
     */
    List<FinishedRun> finishedRunsSince(Instant since);

    /** True when the platform answers; backs the provider service's /readyz. */
    default boolean isReady() {
        return true;
    }

    @Override
    default void close() {
    }
}
