package io.kfpoperator.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kfpoperator.apiserver.admission.AdmissionHook;
import io.kfpoperator.apiserver.admission.ValidatingWebhooks;
import io.kfpoperator.apiserver.admission.WebhookConfigurationStrategy;
import io.kfpoperator.apiserver.controllers.GarbageCollector;
import io.kfpoperator.apiserver.controllers.NamespaceStrategy;
import io.kfpoperator.apiserver.crd.CrdStrategy;
import io.kfpoperator.apiserver.crd.Schemas;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.objects.ManagedFields;
import io.kfpoperator.apiserver.objects.ObjectApi;
import io.kfpoperator.apiserver.objects.WriteOptions;
import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import io.kfpoperator.apiserver.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An in-process Kubernetes API server with kube-apiserver's semantics for custom resources and the
 * built-in kinds the operator touches: the one Kubernetes every test, the sandbox and the benchmark
 * talk to, over HTTP, with the real kubectl or any client. Objects live in memory.
 *
 * <pre>{@code
 * try (ApiServer api = ApiServer.start(ApiServer.Options.defaults())) {
 *     api.installCrds(crdYamlFiles);
 *     KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(...api.uri()...)).build();
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The namespaces a new cluster has. */
    public static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    /**
     * @param host             the address to listen on (loopback unless told otherwise)
     * @param port             0 picks a free port
     * @param historyLimit     how many changes watches can resume from before they are answered 410 Gone
     * @param bookmarkInterval how often a quiet watch that allows bookmarks gets one
     */
    public record Options(String host, int port, Clock clock, int historyLimit, Duration bookmarkInterval) {
        public static Options defaults() {
            return new Options("127.0.0.1", 0, Clock.systemUTC(), 100_000, Duration.ofSeconds(15));
        }

        public Options withPort(String host, int port) {
            return new Options(host, port, clock, historyLimit, bookmarkInterval);
        }

        public Options withClock(Clock clock) {
            return new Options(host, port, clock, historyLimit, bookmarkInterval);
        }

        public Options withBookmarkInterval(Duration interval) {
            return new Options(host, port, clock, historyLimit, interval);
        }
    }

    private final ObjectStore store;
    private final ObjectApi objects;
    private final RegistryCache registry;
    private final HttpFront front;
    private final GarbageCollector collector;
    private final io.kfpoperator.apiserver.faults.ApiFaults faults = new io.kfpoperator.apiserver.faults.ApiFaults(0);
    private final ValidatingWebhooks webhooks;

    private ApiServer(ObjectStore store, ObjectApi objects, RegistryCache registry, HttpFront front, GarbageCollector collector,
                      ValidatingWebhooks webhooks) {
        this.webhooks = webhooks;
        this.store = store;
        this.objects = objects;
        this.registry = registry;
        this.front = front;
        this.collector = collector;
        front.faults(faults);
    }

    public static ApiServer start(Options options) {
        ObjectStore store = new ObjectStore(options.historyLimit());
        Schemas schemas = new Schemas();
        ObjectApi objects = new ObjectApi(store, schemas, managedFields(schemas), options.clock());
        RegistryCache registry = new RegistryCache(store);
        ResourceType crdType = registry.get().find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        objects.strategy("apiextensions.k8s.io", "customresourcedefinitions", new CrdStrategy(crdType, options.clock()));
        objects.strategy("", "namespaces", new NamespaceStrategy());
        ResourceType webhookConfigurations = registry.get().find(ValidatingWebhooks.GROUP, "v1", ValidatingWebhooks.PLURAL).orElseThrow();
        objects.strategy(ValidatingWebhooks.GROUP, ValidatingWebhooks.PLURAL, new WebhookConfigurationStrategy(webhookConfigurations));
        ValidatingWebhooks webhooks = new ValidatingWebhooks(store);
        objects.admission(webhooks);
        ResourceType namespaces = registry.get().find("", "v1", "namespaces").orElseThrow();
        for (String namespace : INITIAL_NAMESPACES) {
            ObjectNode ns = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", namespace);
            try {
                objects.create(namespaces, null, ns, WriteOptions.DEFAULTS);
            } catch (ApiException e) {
                throw new IllegalStateException("cannot create namespace " + namespace + ": " + e.getMessage(), e);
            }
        }
        GarbageCollector collector = new GarbageCollector(store, objects, registry);
        try {
            HttpFront front = HttpFront.start(options.host(), options.port(), store, objects, registry, options.clock(), options.bookmarkInterval());
            return new ApiServer(store, objects, registry, front, collector, webhooks);
        } catch (IOException e) {
            collector.close();
            throw new UncheckedIOException("cannot serve the Kubernetes API on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    private static ManagedFields managedFields(Schemas schemas) {
        return new io.kfpoperator.apiserver.objects.FieldOwnership(schemas);
    }

    /** Where clients reach the API: {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return front.uri();
    }

    public int port() {
        return front.port();
    }

    /** Installs CRDs (YAML or JSON documents) as {@code kubectl apply -f crd.yaml} would, and waits for nothing: they are established at once. */
    public void installCrds(List<? extends InputStream> documents) {
        ResourceType crdType = registry.get().find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        for (InputStream document : documents) {
            try (document) {
                JsonNode crd = YAML.readTree(document);
                objects.create(crdType, null, (ObjectNode) crd, WriteOptions.DEFAULTS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ApiException e) {
                throw new IllegalArgumentException("CRD refused: " + e.getMessage(), e);
            }
        }
    }

    /** Creates a namespace (tests and the sandbox need more than {@link #INITIAL_NAMESPACES}). */
    public void createNamespace(String name) {
        ResourceType namespaces = registry.get().find("", "v1", "namespaces").orElseThrow();
        ObjectNode ns = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        try {
            objects.create(namespaces, null, ns, WriteOptions.DEFAULTS);
        } catch (ApiException e) {
            if (!"AlreadyExists".equals(e.reason())) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /**
     * In-process validating admission for every create and update (after the schema and CEL rules),
     * before the stored ValidatingWebhookConfigurations' webhooks, which always run.
     */
    public void admission(AdmissionHook hook) {
        AdmissionHook first = hook == null ? AdmissionHook.ALLOW : hook;
        objects.admission(request -> {
            AdmissionHook.Verdict verdict = first.review(request);
            if (!verdict.allowed()) {
                return verdict;
            }
            AdmissionHook.Verdict webhook = webhooks.review(request);
            List<String> warnings = new java.util.ArrayList<>(verdict.warnings());
            warnings.addAll(webhook.warnings());
            return webhook.allowed() ? AdmissionHook.Verdict.admit(warnings) : AdmissionHook.Verdict.refuse(webhook.rejection(request.type(),
                    request.object().path("metadata").path("name").asText("")), warnings);
        });
    }

    /** Where webhooks given as {@code clientConfig.service} are called (no Service network runs here). */
    public void webhookServiceResolver(ValidatingWebhooks.ServiceResolver resolver) {
        webhooks.serviceResolver(resolver);
    }

    /** Where pod logs come from (no kubelet runs here). */
    public void podLogs(HttpFront.PodLogs logs) {
        front.podLogs(logs);
    }

    /** Tells {@code listener} of every request the server receives; the returned handle stops it. */
    public Runnable onRequest(java.util.function.Consumer<HttpFront.Request> listener) {
        return front.onRequest(listener);
    }

    /** Forgets the watch history, as etcd compaction does: watches resuming from before now get 410 Gone and relist. */
    public void compact() {
        store.compact();
    }

    /**
     * Ends every open watch stream, as a kube-apiserver restart or a dropped connection does:
     * clients watch again from the last resourceVersion they saw (and, after {@link #compact()},
     * are told 410 Gone and relist). For tests of that path.
     */
    public void endWatches() {
        front.endWatches();
    }

    /**
     * The errors this server answers instead of serving chosen requests (409, 500, 429 on chosen
     * verbs and resources), for tests of clients under API faults; empty until a rule is added.
     */
    public io.kfpoperator.apiserver.faults.ApiFaults faults() {
        return faults;
    }

    /**
     * Ends every open watch with an ERROR event carrying 410 Expired, as kube-apiserver does when a
     * watch's resourceVersion is too old: clients relist. The history is compacted too, so a client
     * that resumes from where it was instead of relisting is told 410 again.
     */
    public void expireWatches() {
        store.compact();
        front.expireWatches();
    }

    /** The current revision (the resourceVersion of the newest write). */
    public long revision() {
        return store.revision();
    }

    /** The apiVersion an object was last written at (what etcdctl would show), or "" when it does not exist. */
    public String storedApiVersion(String group, String plural, String namespace, String name) {
        return store.apiVersion(new ObjectStore.Key(group, plural, namespace == null ? "" : namespace, name));
    }

    /** How many objects are stored. */
    public int objectCount() {
        return store.size();
    }

    @Override
    public void close() {
        front.close();
        collector.close();
    }

    /** Built-ins plus the stored CRDs, rebuilt when a CRD changes. */
    private static final class RegistryCache implements java.util.function.Supplier<ResourceRegistry> {
        private final ObjectStore store;
        private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
        private volatile ResourceRegistry current;

        RegistryCache(ObjectStore store) {
            this.store = store;
            rebuild();
            store.watchAll(change -> {
                if (change.key().plural().equals("customresourcedefinitions") && change.key().group().equals("apiextensions.k8s.io")) {
                    changes.incrementAndGet();
                    current = null;
                }
            });
        }

        private ResourceRegistry rebuild() {
            long seen = changes.get();
            List<ObjectNode> crds = store.list("apiextensions.k8s.io", "customresourcedefinitions", null, o -> true).items();
            ResourceRegistry registry = ResourceRegistry.of(crds);
            // A CRD written while this was built makes it stale: the next caller builds again.
            if (changes.get() == seen) {
                current = registry;
            }
            return registry;
        }

        @Override
        public ResourceRegistry get() {
            ResourceRegistry registry = current;
            return registry != null ? registry : rebuild();
        }
    }
}
