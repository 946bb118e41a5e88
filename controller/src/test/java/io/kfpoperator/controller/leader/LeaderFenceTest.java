package io.kfpoperator.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.provider.contract.ResourceType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fence against the sandbox API server, through a real fabric8 client: the lease writes this
 * client makes (as the elector makes them) open it for one renew deadline, on a clock the test
 * moves; other writes outside that term never reach the server.
 */
class LeaderFenceTest {

    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private ApiServer api;
    private KubernetesClient plain;
    private LeaderFence fence;
    private KubernetesClient fenced;

    @BeforeEach
    void start() {
        api = ApiServer.start(ApiServer.Options.defaults());
        plain = TestCluster.client(api);
        fence = LeaderFence.forLease("default", "kfp-operator-lock", RENEW_DEADLINE, now::get);
        fenced = fence.fence(plain);
    }

    @AfterEach
    void stop() {
        fenced.close();
        plain.close();
        api.close();
    }

    @Test
    void aReplicaThatNeverHeldTheLeaseReadsButWritesNothing() {
        assertThat(fenced.configMaps().inNamespace("default").list().getItems()).isEmpty();

        assertRefused(() -> fenced.resource(configMap("one")).create());

        assertThat(plain.configMaps().inNamespace("default").withName("one").get()).isNull();
        assertThat(fence.open()).isFalse();
    }

    @Test
    void writesPassForOneRenewDeadlineAfterEachLeaseWrite() {
        Lease lease = fenced.resource(lease("me")).create();
        fenced.resource(configMap("during-the-first-term")).create();

        now.addAndGet(RENEW_DEADLINE.minusMillis(1).toNanos());
        fenced.resource(configMap("at-its-end")).create();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertRefused(() -> fenced.resource(configMap("after-it")).create());

        lease.getSpec().setRenewTime(ZonedDateTime.now());
        fenced.resource(lease).update();
        fenced.resource(configMap("after-the-renewal")).create();

        assertThat(plain.configMaps().inNamespace("default").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("during-the-first-term", "at-its-end", "after-the-renewal");
    }

    @Test
    void aPausedProcessWakesUpWithItsTermOver() {
        fenced.resource(lease("me")).create();
        // Paused (GC, SIGSTOP) past the lease duration: monotonic time went on meanwhile.
        now.addAndGet(Duration.ofSeconds(30).toNanos());

        assertRefused(() -> fenced.configMaps().inNamespace("default").withName("x").delete());
        assertRefused(() -> fenced.resource(configMap("y")).create());
        assertThat(plain.configMaps().inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void releasingTheLeaseOrLosingARaceForItClosesTheFence() {
        Lease lease = fenced.resource(lease("me")).create();
        lease.getSpec().setHolderIdentity("");
        fenced.resource(lease).update();
        assertRefused(() -> fenced.resource(configMap("after-release")).create());

        Lease taken = fenced.leases().inNamespace("default").withName("kfp-operator-lock").get();
        taken.getSpec().setHolderIdentity("me");
        fenced.resource(taken).update();
        fenced.resource(configMap("held-again")).create();
        // Another replica writes the lease; our next renewal, on the version we read, is answered 409.
        Lease theirs = plain.leases().inNamespace("default").withName("kfp-operator-lock").get();
        theirs.getSpec().setHolderIdentity("other");
        plain.resource(theirs).update();
        assertThatThrownBy(() -> fenced.resource(taken).update()).isInstanceOf(KubernetesClientException.class)
                .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(409);

        assertRefused(() -> fenced.resource(configMap("after-losing")).create());
    }

    @Test
    void aProviderCallOutsideTheTermIsNotSent() throws Exception {
        AtomicInteger received = new AtomicInteger();
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = "{\"id\":\"p-1\"}".getBytes();
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + service.getAddress().getPort());
            ProviderServiceClient calls = new ProviderServiceClient(Duration.ofSeconds(5), fence);

            assertThatThrownBy(() -> calls.create(base, ResourceType.PIPELINE, Map.of("name", "a")))
                    .isInstanceOf(NotLeaderException.class).hasMessageContaining("POST " + base);
            assertThat(received).hasValue(0);

            fenced.resource(lease("me")).create();
            calls.create(base, ResourceType.PIPELINE, Map.of("name", "a"));
            assertThat(received).hasValue(1);
        } finally {
            service.stop(0);
        }
    }

    @Test
    void withoutLeaderElectionNothingIsFenced() {
        LeaderFence none = LeaderFence.none();
        assertThat(none.fence(plain)).isSameAs(plain);
        assertThat(none.open()).isTrue();
    }

    /** Refused before sending: a NotLeaderException, maybe wrapped by the client, naming the Lease. */
    private static void assertRefused(Runnable write) {
        assertThatThrownBy(write::run).satisfies(e -> {
            Throwable cause = e;
            while (cause != null && !(cause instanceof NotLeaderException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("a NotLeaderException in " + e).isNotNull();
            assertThat(cause).hasMessageContaining("Lease default/kfp-operator-lock");
        });
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata().addToData("k", "v").build();
    }

    private static Lease lease(String holder) {
        return new LeaseBuilder().withNewMetadata().withNamespace("default").withName("kfp-operator-lock").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15).withRenewTime(ZonedDateTime.now()).endSpec().build();
    }
}
