package io.kfpoperator.provider.kfp.fake;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ml_metadata.MetadataStore.Artifact;
import ml_metadata.MetadataStore.Context;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStore.Value;
import ml_metadata.MetadataStoreServiceGrpc;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextResponse;

/**
 * An in-process ML Metadata {@code MetadataStoreService}, implemented on the same generated base
 * class a real server implements, for the four read calls the KFP provider makes. It answers as
 * ML Metadata does where that matters to a reader: an unknown context name is an empty response
 * (not NOT_FOUND), lists come in id order, unknown ids are left out, every event of an execution
 * is returned whatever its type. Anything else answers UNIMPLEMENTED (the base class default).
 */
public final class FakeMetadataStore extends MetadataStoreServiceGrpc.MetadataStoreServiceImplBase
        implements AutoCloseable {

    private final String name = "fake-mlmd-" + UUID.randomUUID();
    private final Server server;
    private final AtomicLong ids = new AtomicLong(1);
    private final Map<Long, Context> contexts = new LinkedHashMap<>();
    private final Map<Long, Set<Long>> executionsOfContext = new LinkedHashMap<>();
    private final Map<Long, Execution> executions = new LinkedHashMap<>();
    private final Map<Long, Artifact> artifacts = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<Status> failure = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
    private final List<Server> tcpServers = new CopyOnWriteArrayList<>();
    private final Map<String, Status> contextFailures = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeMetadataStore() {
        try {
            server = InProcessServerBuilder.forName(name).addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Also serves on a local TCP port (plaintext, like metadata-grpc-service); returns host:port. */
    public synchronized String listenOnLocalPort() {
        try {
            Server tcp = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(this).build()
                    .start();
            tcpServers.add(tcp);
            return "localhost:" + tcp.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new client channel to this store (closed with the store). */
    public ManagedChannel channel() {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        channels.add(channel);
        return channel;
    }

    // ---- recording, as KFP's driver and launcher do -------------------------------------------

    public synchronized long putContext(String type, String contextName, Map<String, Value> customProperties) {
        long id = ids.getAndIncrement();
        contexts.put(id, Context.newBuilder().setId(id).setType(type).setName(contextName)
                .putAllCustomProperties(customProperties).build());
        executionsOfContext.put(id, new HashSet<>());
        return id;
    }

    public synchronized long contextId(String type, String contextName) {
        return contexts.values().stream().filter(c -> c.getType().equals(type) && c.getName().equals(contextName))
                .findFirst().orElseThrow().getId();
    }

    public synchronized long putExecution(Collection<Long> contextIds, String type, Execution.State state,
            Map<String, Value> customProperties) {
        long id = ids.getAndIncrement();
        executions.put(id, Execution.newBuilder().setId(id).setType(type).setLastKnownState(state)
                .putAllCustomProperties(customProperties).build());
        contextIds.forEach(c -> executionsOfContext.get(c).add(id));
        return id;
    }

    public synchronized long putArtifact(String type, String uri, Map<String, Value> properties,
            Map<String, Value> customProperties) {
        long id = ids.getAndIncrement();
        Artifact.Builder artifact = Artifact.newBuilder().setId(id).setType(type).setState(Artifact.State.LIVE)
                .putAllProperties(properties).putAllCustomProperties(customProperties);
        Optional.ofNullable(uri).ifPresent(artifact::setUri);
        artifacts.put(id, artifact.build());
        return id;
    }

    /** An event whose path is the artifact's name for that execution, as KFP writes it. */
    public synchronized void putEvent(long executionId, long artifactId, Event.Type type, String pathKey) {
        events.add(Event.newBuilder().setExecutionId(executionId).setArtifactId(artifactId).setType(type)
                .setPath(Event.Path.newBuilder().addSteps(Event.Path.Step.newBuilder().setKey(pathKey)))
                .build());
    }

    // ---- faults ------------------------------------------------------------------------------

    /** Every call answers {@code status} until {@link #heal()}. */
    public void failWith(Status status) {
        failure.set(status);
    }

    /** Looking up the context named {@code contextName} answers {@code status} until {@link #heal()}. */
    public void failFor(String contextName, Status status) {
        contextFailures.put(contextName, status);
    }

    public void heal() {
        failure.set(null);
        contextFailures.clear();
        CountDownLatch latch = hold.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Calls get no answer until {@link #heal()} (or the store closes): a store that hangs. */
    public void hang() {
        hold.set(new CountDownLatch(1));
    }

    /** Names of the calls received, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    // ---- the service -------------------------------------------------------------------------

    @Override
    public void getContextByTypeAndName(GetContextByTypeAndNameRequest request,
            StreamObserver<GetContextByTypeAndNameResponse> response) {
        Status failing = contextFailures.get(request.getContextName());
        if (failing != null) {
            calls.add("GetContextByTypeAndName");
            response.onError(failing.asRuntimeException());
            return;
        }
        answer("GetContextByTypeAndName", response, () -> {
            GetContextByTypeAndNameResponse.Builder out = GetContextByTypeAndNameResponse.newBuilder();
            contexts.values().stream()
                    .filter(c -> c.getType().equals(request.getTypeName()) && c.getName().equals(request.getContextName()))
                    .findFirst().ifPresent(out::setContext);
            return out.build();
        });
    }

    @Override
    public void getExecutionsByContext(GetExecutionsByContextRequest request,
            StreamObserver<GetExecutionsByContextResponse> response) {
        answer("GetExecutionsByContext", response, () -> {
            GetExecutionsByContextResponse.Builder out = GetExecutionsByContextResponse.newBuilder();
            executions.values().stream()
                    .filter(e -> executionsOfContext.getOrDefault(request.getContextId(), Set.of()).contains(e.getId()))
                    .forEach(out::addExecutions);
            return out.build();
        });
    }

    @Override
    public void getEventsByExecutionIDs(GetEventsByExecutionIDsRequest request,
            StreamObserver<GetEventsByExecutionIDsResponse> response) {
        answer("GetEventsByExecutionIDs", response, () -> {
            GetEventsByExecutionIDsResponse.Builder out = GetEventsByExecutionIDsResponse.newBuilder();
            events.stream().filter(e -> request.getExecutionIdsList().contains(e.getExecutionId()))
                    .forEach(out::addEvents);
            return out.build();
        });
    }

    @Override
    public void getArtifactsByID(GetArtifactsByIDRequest request, StreamObserver<GetArtifactsByIDResponse> response) {
        answer("GetArtifactsByID", response, () -> {
            GetArtifactsByIDResponse.Builder out = GetArtifactsByIDResponse.newBuilder();
            artifacts.values().stream().filter(a -> request.getArtifactIdsList().contains(a.getId()))
                    .forEach(out::addArtifacts);
            return out.build();
        });
    }

    private interface Answer<T> {
        T get();
    }

    private <T> void answer(String method, StreamObserver<T> response, Answer<T> answer) {
        calls.add(method);
        CountDownLatch latch = hold.get();
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Status status = failure.get();
        if (status != null) {
            response.onError(status.asRuntimeException());
            return;
        }
        T value;
        synchronized (this) {
            value = answer.get();
        }
        response.onNext(value);
        response.onCompleted();
    }

    @Override
    public void close() {
        heal();
        channels.forEach(ManagedChannel::shutdownNow);
        tcpServers.forEach(Server::shutdownNow);
        server.shutdownNow();
    }
}
