package io.kfpoperator.provider.vertex;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.aiplatform.v1.PipelineServiceClient;
import com.google.cloud.aiplatform.v1.PipelineServiceSettings;
import com.google.cloud.aiplatform.v1.ScheduleServiceClient;
import com.google.cloud.aiplatform.v1.ScheduleServiceSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.grpc.ManagedChannel;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import java.io.IOException;
import java.util.Optional;

/**
 * The Google clients one platform uses, built in one place so tests can put an in-process
 * channel and an in-memory bucket behind the same platform code that production runs.
 */
public record VertexClients(PipelineServiceClient pipelines, ScheduleServiceClient schedules, Storage storage,
                            Optional<ManagedChannel> ownedChannel) implements AutoCloseable {

    /**
     * Production clients: the regional Vertex endpoint and Application Default Credentials
     * (workload identity in a cluster); {@code gcsEndpoint}, when set, redirects Cloud Storage.
     */
    public static VertexClients connect(VertexSettings settings) {
        try {
            PipelineServiceClient pipelines = PipelineServiceClient.create(PipelineServiceSettings.newBuilder()
                    .setEndpoint(settings.apiEndpoint()).build());
            ScheduleServiceClient schedules = ScheduleServiceClient.create(ScheduleServiceSettings.newBuilder()
                    .setEndpoint(settings.apiEndpoint()).build());
            StorageOptions.Builder storage = StorageOptions.newBuilder().setProjectId(settings.project());
            if (!settings.gcsEndpoint().isEmpty()) {
                storage.setHost(settings.gcsEndpoint());
            }
            return new VertexClients(pipelines, schedules, storage.build().getService(), Optional.empty());
        } catch (IOException | RuntimeException e) {
            throw new PlatformConfigurationException("cannot create Vertex AI clients for " + settings.parent()
                    + " (Application Default Credentials must be available): " + e.getMessage());
        }
    }

    /**
     * Clients over an existing channel (an in-process server in tests, or a proxy), sending no
     * credentials. The clients take the channel over: closing them shuts it down (gax leaves a
     * fixed channel open).
     */
    public static VertexClients overChannel(ManagedChannel channel, Storage storage) {
        TransportChannelProvider transport = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        CredentialsProvider noCredentials = NoCredentialsProvider.create();
        try {
            PipelineServiceClient pipelines = PipelineServiceClient.create(PipelineServiceSettings.newBuilder()
                    .setTransportChannelProvider(transport).setCredentialsProvider(noCredentials).build());
            ScheduleServiceClient schedules = ScheduleServiceClient.create(ScheduleServiceSettings.newBuilder()
                    .setTransportChannelProvider(transport).setCredentialsProvider(noCredentials).build());
            return new VertexClients(pipelines, schedules, storage, Optional.of(channel));
        } catch (IOException e) {
            throw new PlatformConfigurationException("cannot create Vertex AI clients over the given channel: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        pipelines.close();
        schedules.close();
        ownedChannel.ifPresent(ManagedChannel::shutdownNow);
        try {
            storage.close();
        } catch (Exception e) {
            // Closing an HTTP storage client only releases pooled connections; nothing to report.
        }
    }
}
