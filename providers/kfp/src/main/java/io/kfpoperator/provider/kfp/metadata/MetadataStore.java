package io.kfpoperator.provider.kfp.metadata;

import io.kfpoperator.provider.events.PipelineComponent;
import java.util.List;
import java.util.Optional;

/** Where the artifacts a KFP run produced are recorded: ML Metadata, for KFP up to 2.17. */
public interface MetadataStore extends AutoCloseable {

    /**
     * The components of run {@code runId} that produced output artifacts, each artifact with its
     * location and metadata; empty when the store has no record of the run at all.
     *
     * @throws MetadataStoreException when the store cannot be asked (unreachable, deadline, error answer);
     *     the caller should ask again later rather than report the run without its artifacts
     */
    Optional<List<PipelineComponent>> componentsOfRun(String runId);

    /** Where the store is, for log lines. */
    String describe();

    @Override
    default void close() {
    }
}
