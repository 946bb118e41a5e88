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
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.grpc.ManagedChannel;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Google clients one platform uses, built in one place so tests can put in-process channels
 * and an in-memory bucket behind the same platform code that production runs. {@code subscriptions}
 * is present only when completion comes from Pub/Sub ({@code eventsourcePipelineEventsSubscription}).
 */
public record VertexClients(PipelineServiceClient pipelines, ScheduleServiceClient schedules, Storage storage,
                            Optional<SubscriptionAdminClient> subscriptions, List<ManagedChannel> ownedChannels)
        implements AutoCloseable {

    public VertexClients {
        ownedChannels = List.copyOf(ownedChannels);
    }

    /**
     * Production clients: the regional Vertex endpoint, Google's Pub/Sub endpoint and Application
     * Default Credentials (workload identity in a cluster); {@code gcsEndpoint}, when set,
     * redirects Cloud Storage.
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
            Optional<SubscriptionAdminClient> subscriptions = settings.usesPubSub()
                    ? Optional.of(SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder().build()))
                    : Optional.empty();
            return new VertexClients(pipelines, schedules, storage.build().getService(), subscriptions, List.of());
        } catch (IOException | RuntimeException e) {
            throw new PlatformConfigurationException("cannot create Vertex AI clients for " + settings.parent()
                    + " (Application Default Credentials must be available): " + e.getMessage());
        }
    }

    /**
     * Clients over an existing channel (an in-process server in tests, or a proxy), sending no
     * credentials, without Pub/Sub. The clients take the channel over: closing them shuts it down
     * (gax leaves a fixed channel open).
     */
    public static VertexClients overChannel(ManagedChannel channel, Storage storage) {
        return overChannels(channel, storage, Optional.empty());
    }

    /** Like {@link #overChannel}, with the Pub/Sub subscriber service behind {@code pubsub} when present. */
    public static VertexClients overChannels(ManagedChannel vertex, Storage storage, Optional<ManagedChannel> pubsub) {
        CredentialsProvider noCredentials = NoCredentialsProvider.create();
        TransportChannelProvider transport = fixed(vertex);
        List<ManagedChannel> owned = new ArrayList<>(List.of(vertex));
        pubsub.ifPresent(owned::add);
        try {
            PipelineServiceClient pipelines = PipelineServiceClient.create(PipelineServiceSettings.newBuilder()
                    .setTransportChannelProvider(transport).setCredentialsProvider(noCredentials).build());
            ScheduleServiceClient schedules = ScheduleServiceClient.create(ScheduleServiceSettings.newBuilder()
                    .setTransportChannelProvider(transport).setCredentialsProvider(noCredentials).build());
            Optional<SubscriptionAdminClient> subscriptions = Optional.empty();
            if (pubsub.isPresent()) {
                subscriptions = Optional.of(SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                        .setTransportChannelProvider(fixed(pubsub.get())).setCredentialsProvider(noCredentials).build()));
            }
            return new VertexClients(pipelines, schedules, storage, subscriptions, owned);
        } catch (IOException e) {
            throw new PlatformConfigurationException("cannot create Vertex AI clients over the given channel: " + e.getMessage());
        }
    }

    private static TransportChannelProvider fixed(ManagedChannel channel) {
        return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    }

    @Override
    public void close() {
        pipelines.close();
        schedules.close();
        subscriptions.ifPresent(SubscriptionAdminClient::close);
        ownedChannels.forEach(ManagedChannel::shutdownNow);
        try {
            storage.close();
        } catch (Exception e) {
            // Closing an HTTP storage client only releases pooled connections; nothing to report.
        }
    }
}
