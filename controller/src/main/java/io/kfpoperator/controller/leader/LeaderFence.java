package io.kfpoperator.controller.leader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the controller write only while its lease term lasts. Leader election alone does not stop
 * a deposed leader: a process paused (a long GC, a frozen VM, SIGSTOP) past the lease duration
 * wakes up with reconciles in flight, and they write before its elector notices that another
 * replica took over. The fence closes on its own clock instead: a lease write sent at {@code t}
 * that succeeded keeps it open until {@code t + renewDeadline}, which ends before anyone else can
 * take the lease ({@code renewTime + leaseDuration}, and {@code renewTime <= t}). Kubernetes writes
 * (through {@link #fence(KubernetesClient)}) and provider calls ({@link #check(String)}) made
 * outside a term are refused with {@link NotLeaderException} before anything is sent.
 *
 * <p>Time is {@link System#nanoTime()}: monotonic, and it keeps counting while the process is paused.
 */
public final class LeaderFence {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderFence.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Numbers this client's lease writes; the API server ignores it, as it ignores any header it does not know. */
    static final String LEASE_WRITE = "X-Kfp-Operator-Lease-Write";

    private final boolean enabled;
    private final String lease;
    private final String leasesPath;
    private final String leasePath;
    private final long termNanos;
    private final LongSupplier nanoTime;
    /**
     * Send times of lease writes awaiting their answer, by the number in their {@link #LEASE_WRITE}
     * header (the client copies a request after the interceptor saw it, so its id does not carry over).
     */
    private final Map<Long, Long> leaseWritesSent = new ConcurrentHashMap<>();
    private final AtomicLong leaseWrites = new AtomicLong();
    /** When the term ends (nanoTime); a time already past while the lease is not ours. */
    private volatile long heldUntil;

    private LeaderFence(boolean enabled, String namespace, String lease, Duration renewDeadline, LongSupplier nanoTime) {
        this.enabled = enabled;
        this.lease = namespace + "/" + lease;
        this.leasesPath = "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
        this.leasePath = leasesPath + "/" + lease;
        this.termNanos = renewDeadline.toNanos();
        this.nanoTime = nanoTime;
        this.heldUntil = nanoTime.getAsLong();
    }

    /** No leader election: every write is allowed. */
    public static LeaderFence none() {
        return new LeaderFence(false, "", "", Duration.ZERO, System::nanoTime);
    }

    /** Writes are allowed for {@code renewDeadline} after each successful write of Lease {@code namespace/lease}. */
    public static LeaderFence forLease(String namespace, String lease, Duration renewDeadline) {
        return forLease(namespace, lease, renewDeadline, System::nanoTime);
    }

    static LeaderFence forLease(String namespace, String lease, Duration renewDeadline, LongSupplier nanoTime) {
        return new LeaderFence(true, namespace, lease, renewDeadline, nanoTime);
    }

    /** Whether this process may write now. */
    public boolean open() {
        return !enabled || heldUntil - nanoTime.getAsLong() > 0;
    }

    /** Refuses {@code what} (a write about to be sent) when this process does not hold the lease now. */
    public void check(String what) {
        if (!open()) {
            throw new NotLeaderException("not the leader (Lease " + lease + " not renewed within its term): " + what + " not sent");
        }
    }

    /**
     * A client like {@code client} (same configuration) whose writes pass the fence; the lease's own
     * writes and access reviews always pass, and they are how the fence learns the term. The caller
     * closes it.
     */
    public KubernetesClient fence(KubernetesClient client) {
        if (!enabled) {
            return client;
        }
        return new KubernetesClientBuilder().withConfig(client.getConfiguration())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("leader-fence", new FenceInterceptor()))
                .build();
    }

    private boolean isLeaseWrite(HttpRequest request) {
        String path = request.uri().getPath();
        return WRITES.contains(request.method()) && (path.equals(leasePath) || "POST".equals(request.method()) && path.equals(leasesPath));
    }

    /** What the elector's successful lease write says: held by us (a holder named) or released (none). */
    private void leaseWritten(long sentAt, HttpRequest request) {
        String holder = null;
        try {
            String body = request.bodyString();
            JsonNode spec = body == null ? null : JSON.readTree(body).path("spec");
            holder = spec == null ? null : spec.path("holderIdentity").asText("");
        } catch (IOException e) {
            LOG.debug("lease write body unreadable: {}", e.getMessage());
        }
        if (holder == null || holder.isEmpty()) {
            close();
            return;
        }
        // A later-sent write may have answered first; the term is counted from the latest send.
        long until = sentAt + termNanos;
        heldUntil = heldUntil - until > 0 ? heldUntil : until;
    }

    private void close() {
        heldUntil = nanoTime.getAsLong();
    }

    private final class FenceInterceptor implements Interceptor {
        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            if (isLeaseWrite(request)) {
                long number = leaseWrites.incrementAndGet();
                long sentAt = nanoTime.getAsLong();
                // A write never answered (cut off by a timeout) would stay; one older than a term cannot open the fence anyway.
                leaseWritesSent.values().removeIf(earlier -> sentAt - earlier > termNanos);
                leaseWritesSent.put(number, sentAt);
                builder.setHeader(LEASE_WRITE, Long.toString(number));
            } else if (WRITES.contains(request.method()) && !request.uri().getPath().startsWith("/apis/authorization.k8s.io/")) {
                check(request.method() + " " + request.uri().getPath());
            }
        }

        @Override
        public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            Long sentAt = sentAt(request);
            if (sentAt == null) {
                return;
            }
            if (HttpResponse.isSuccessful(response.code())) {
                leaseWritten(sentAt, request);
            } else if (response.code() == 409) {
                // Someone else wrote the lease since we read it: assume they took it.
                close();
            }
        }

        @Override
        public void afterConnectionFailure(HttpRequest request, Throwable failure) {
            sentAt(request);
        }

        /** The send time of a lease write, forgotten as it is answered; null for any other request. */
        private Long sentAt(HttpRequest request) {
            String number = request.header(LEASE_WRITE);
            return number == null ? null : leaseWritesSent.remove(Long.parseLong(number));
        }
    }
}
