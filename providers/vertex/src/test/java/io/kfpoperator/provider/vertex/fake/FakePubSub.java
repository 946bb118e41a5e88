package io.kfpoperator.provider.vertex.fake;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stateful stand-in for Pub/Sub's Subscriber service (one subscription) on an in-process gRPC
 * server: a message stays until it is acknowledged; a pulled message is leased to its puller until
 * its ack deadline passes (real time, or {@link #expireLeases()}), then it is delivered again with a
 * new ack id. Acknowledging a stale ack id does nothing, as on Pub/Sub. Pull answers at once with
 * what is available (possibly nothing), which real Pub/Sub may also do.
 */
public final class FakePubSub implements AutoCloseable {

    private final String serverName = "fake-pubsub-" + UUID.randomUUID();
    private final String subscription;
    private final Duration ackDeadline;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private final List<String> acknowledged = new ArrayList<>();
    private final Map<String, Integer> acknowledgedDeliveries = new LinkedHashMap<>();
    private int sequence;
    private final Server server;

    public FakePubSub(String subscription, Duration ackDeadline) {
        this.subscription = subscription;
        this.ackDeadline = ackDeadline;
        try {
            server = InProcessServerBuilder.forName(serverName).directExecutor().addService(new Subscriber()).build().start();
        } catch (IOException e) {
            throw new IllegalStateException("in-process server cannot fail to start", e);
        }
    }

    /** A new channel to the fake; each platform instance gets its own (closing the clients closes it). */
    public ManagedChannel channel() {
        return InProcessChannelBuilder.forName(serverName).directExecutor().build();
    }

    // ---- test controls ----

    /** Publishes {@code data} to the subscription's topic; returns the message id. */
    public synchronized String publish(String data) {
        String id = Integer.toString(++sequence);
        messages.put(id, new Stored(PubsubMessage.newBuilder().setMessageId(id).setData(ByteString.copyFromUtf8(data))
                .setPublishTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())).build()));
        return id;
    }

    /** As if every ack deadline had passed: leased messages are delivered again on the next pull. */
    public synchronized void expireLeases() {
        messages.values().forEach(m -> m.leaseUntil = null);
    }

    public synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public synchronized boolean isAcknowledged(String messageId) {
        return acknowledged.contains(messageId);
    }

    /** Messages not acknowledged yet. */
    public synchronized int unacknowledged() {
        return messages.size();
    }

    /** How many times the message was handed out by a pull. */
    public synchronized int deliveries(String messageId) {
        Stored stored = messages.get(messageId);
        if (stored != null) {
            return stored.deliveries;
        }
        return acknowledgedDeliveries.getOrDefault(messageId, 0);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static final class Stored {
        final PubsubMessage message;
        int deliveries;
        String ackId;
        Instant leaseUntil;

        Stored(PubsubMessage message) {
            this.message = message;
        }

        boolean leased(Instant now) {
            return leaseUntil != null && leaseUntil.isAfter(now);
        }
    }

    private final class Subscriber extends SubscriberGrpc.SubscriberImplBase {

        @Override
        public void pull(PullRequest request, StreamObserver<PullResponse> response) {
            if (!checkSubscription(request.getSubscription(), response)) {
                return;
            }
            if (request.getMaxMessages() <= 0) {
                response.onError(Status.INVALID_ARGUMENT.withDescription("max_messages must be positive").asRuntimeException());
                return;
            }
            PullResponse.Builder answer = PullResponse.newBuilder();
            synchronized (FakePubSub.this) {
                Instant now = Instant.now();
                for (Stored stored : messages.values()) {
                    if (answer.getReceivedMessagesCount() >= request.getMaxMessages()) {
                        break;
                    }
                    if (stored.leased(now)) {
                        continue;
                    }
                    stored.deliveries++;
                    stored.ackId = stored.message.getMessageId() + "-" + stored.deliveries + "-" + UUID.randomUUID();
                    stored.leaseUntil = now.plus(ackDeadline);
                    answer.addReceivedMessages(ReceivedMessage.newBuilder().setAckId(stored.ackId)
                            .setMessage(stored.message).setDeliveryAttempt(stored.deliveries));
                }
            }
            response.onNext(answer.build());
            response.onCompleted();
        }

        @Override
        public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> response) {
            if (!checkSubscription(request.getSubscription(), response)) {
                return;
            }
            if (request.getAckIdsCount() == 0) {
                response.onError(Status.INVALID_ARGUMENT.withDescription("ack_ids must not be empty").asRuntimeException());
                return;
            }
            synchronized (FakePubSub.this) {
                Instant now = Instant.now();
                for (String ackId : request.getAckIdsList()) {
                    messages.values().stream()
                            .filter(m -> ackId.equals(m.ackId) && m.leased(now))
                            .findFirst()
                            .ifPresent(m -> {
                                messages.remove(m.message.getMessageId());
                                acknowledged.add(m.message.getMessageId());
                                acknowledgedDeliveries.put(m.message.getMessageId(), m.deliveries);
                            });
                }
            }
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> response) {
            if (!checkSubscription(request.getSubscription(), response)) {
                return;
            }
            synchronized (FakePubSub.this) {
                Instant until = Instant.now().plusSeconds(request.getAckDeadlineSeconds());
                for (String ackId : request.getAckIdsList()) {
                    messages.values().stream().filter(m -> ackId.equals(m.ackId)).forEach(m -> m.leaseUntil = until);
                }
            }
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        private boolean checkSubscription(String name, StreamObserver<?> response) {
            if (!subscription.equals(name)) {
                response.onError(Status.NOT_FOUND.withDescription("Resource not found (resource=" + name + ").").asRuntimeException());
                return false;
            }
            return true;
        }
    }
}
