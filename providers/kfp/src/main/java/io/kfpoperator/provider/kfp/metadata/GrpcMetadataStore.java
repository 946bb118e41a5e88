package io.kfpoperator.provider.kfp.metadata;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.kfpoperator.provider.events.PipelineComponent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import ml_metadata.MetadataStore.Context;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStoreServiceGrpc;
import ml_metadata.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ML Metadata's {@code MetadataStoreService} over gRPC (plaintext, as KFP serves it at
 * {@code metadata-grpc-service:8080}). A run is found as the context of type
 * {@code system.PipelineRun} named by the KFP run id; then its executions, their events and the
 * output artifacts are read, one call each, every call with its own deadline.
 */
public final class GrpcMetadataStore implements MetadataStore {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcMetadataStore.class);
    static final String PIPELINE_RUN_CONTEXT_TYPE = "system.PipelineRun";
    /**
     * As KFP's own ML Metadata client: executions carry their inputs and outputs, so a big run's
     * answer can pass gRPC's 4 MiB default, and that refusal would hold its event back for good.
     */
    static final int MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

    private final ManagedChannel channel;
    private final MetadataStoreServiceBlockingStub stub;
    private final Duration deadline;
    private final String target;

    public GrpcMetadataStore(ManagedChannel channel, Duration deadline, String target) {
        this.channel = channel;
        this.stub = MetadataStoreServiceGrpc.newBlockingStub(channel);
        this.deadline = deadline;
        this.target = target;
    }

    /**
     * A store at {@code target}: {@code host:port} or any gRPC target URI ({@code dns:///host:port}).
     * Connecting is lazy, so an unreachable store shows on the first lookup, not here.
     *
     * @throws IllegalArgumentException if {@code target} is not a gRPC target
     */
    public static GrpcMetadataStore connect(String target, Duration deadline) {
        ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
        return new GrpcMetadataStore(channel, deadline, target);
    }

    @Override
    public Optional<List<PipelineComponent>> componentsOfRun(String runId) {
        GetContextByTypeAndNameRequest contextRequest = GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName(PIPELINE_RUN_CONTEXT_TYPE).setContextName(runId).build();
        // ML Metadata answers an unknown name with an empty response, not NOT_FOUND.
        Optional<Context> context = Optional.of(call("GetContextByTypeAndName", runId,
                () -> stub().getContextByTypeAndName(contextRequest)))
                .filter(r -> r.hasContext()).map(r -> r.getContext());
        if (context.isEmpty()) {
            return Optional.empty();
        }
        List<Execution> executions = call("GetExecutionsByContext", runId, () -> stub().getExecutionsByContext(
                GetExecutionsByContextRequest.newBuilder().setContextId(context.get().getId()).build()))
                .getExecutionsList();
        if (executions.isEmpty()) {
            return Optional.of(List.of());
        }
        List<Event> events = call("GetEventsByExecutionIDs", runId, () -> stub().getEventsByExecutionIDs(
                GetEventsByExecutionIDsRequest.newBuilder()
                        .addAllExecutionIds(executions.stream().map(Execution::getId).toList()).build()))
                .getEventsList();
        List<Long> artifactIds = RunArtifactsMapper.outputArtifactIds(events);
        if (artifactIds.isEmpty()) {
            return Optional.of(List.of());
        }
        var artifacts = call("GetArtifactsByID", runId, () -> stub().getArtifactsByID(
                GetArtifactsByIDRequest.newBuilder().addAllArtifactIds(artifactIds).build()))
                .getArtifactsList();
        List<PipelineComponent> components = RunArtifactsMapper.components(executions, events, artifacts);
        LOG.debug("run {}: {} executions, {} events, {} output artifacts in ML Metadata at {}", runId,
                executions.size(), events.size(), artifacts.size(), target);
        return Optional.of(components);
    }

    /** A fresh deadline for every call: withDeadlineAfter fixes the instant when the stub is made. */
    private MetadataStoreServiceBlockingStub stub() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(String method, String runId, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw new MetadataStoreException("ML Metadata at " + target + " failed " + method + " for run " + runId
                    + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()), e);
        }
    }

    @Override
    public String describe() {
        return target;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
