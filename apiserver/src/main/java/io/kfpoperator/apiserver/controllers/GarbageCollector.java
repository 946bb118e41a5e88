package io.kfpoperator.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.objects.ObjectApi;
import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import io.kfpoperator.apiserver.store.ObjectStore;
import io.kfpoperator.apiserver.store.ObjectStore.Key;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers kube-controller-manager and kube-apiserver run on stored objects, in one
 * thread woken by every change:
 * <ul>
 *   <li>garbage collection by ownerReferences: a dependent whose owners are all gone is deleted
 *       (background); references to owners that are gone are removed when another owner remains;
 *       an owner deleted with {@code Foreground} keeps its {@code foregroundDeletion} finalizer
 *       until its dependents with {@code blockOwnerDeletion} are gone, one deleted with
 *       {@code Orphan} releases its dependents and then loses its {@code orphan} finalizer;</li>
 *   <li>namespace deletion: a deleted namespace's objects are deleted, then the namespace;</li>
 *   <li>CRD deletion: the custom resources of a deleted CRD are deleted with it.</li>
 * </ul>
 */
public final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final ObjectStore store;
    private final ObjectApi objects;
    private final Supplier<ResourceRegistry> registry;
    private final Object wake = new Object();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final Thread thread;
    private final ObjectStore.Subscription subscription;
    private volatile boolean closed;

    public GarbageCollector(ObjectStore store, ObjectApi objects, Supplier<ResourceRegistry> registry) {
        this.store = store;
        this.objects = objects;
        this.registry = registry;
        this.subscription = store.watchAll(change -> {
            dirty.set(true);
            synchronized (wake) {
                wake.notifyAll();
            }
        });
        this.thread = new Thread(this::run, "apiserver-garbage-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                synchronized (wake) {
                    while (!dirty.get() && !closed) {
                        wake.wait(1000);
                    }
                }
                dirty.set(false);
                collect();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("garbage collection pass failed; it runs again on the next change", e);
            }
        }
    }

    /** One pass over every object; each change it makes wakes the next pass, until nothing is left to do. */
    void collect() {
        List<Map.Entry<Key, ObjectNode>> all = store.allMetadata();
        Map<String, Map.Entry<Key, ObjectNode>> byUid = new HashMap<>();
        Set<String> terminatingNamespaces = new HashSet<>();
        Set<String> deletedCrds = new HashSet<>();
        Set<String> liveCrds = new HashSet<>();
        for (Map.Entry<Key, ObjectNode> entry : all) {
            JsonNode metadata = entry.getValue().path("metadata");
            byUid.put(metadata.path("uid").asText(), entry);
            Key key = entry.getKey();
            if (key.group().isEmpty() && key.plural().equals("namespaces") && metadata.has("deletionTimestamp")) {
                terminatingNamespaces.add(key.name());
            }
            if (key.plural().equals("customresourcedefinitions")) {
                JsonNode spec = entry.getValue().path("spec");
                String crd = spec.path("group").asText() + "/" + spec.path("names").path("plural").asText();
                (metadata.has("deletionTimestamp") ? deletedCrds : liveCrds).add(crd);
            }
        }
        Map<String, Integer> blockingDependents = new HashMap<>();
        Map<String, Integer> namespaceContents = new HashMap<>();
        for (Map.Entry<Key, ObjectNode> entry : all) {
            Key key = entry.getKey();
            ObjectNode object = entry.getValue();
            JsonNode metadata = object.path("metadata");
            if (!key.namespace().isEmpty()) {
                namespaceContents.merge(key.namespace(), 1, Integer::sum);
                if (terminatingNamespaces.contains(key.namespace()) && !metadata.has("deletionTimestamp")) {
                    delete(key, "Background");
                    continue;
                }
            }
            if (!key.group().isEmpty() && deletedCrds.contains(key.group() + "/" + key.plural()) && !metadata.has("deletionTimestamp")) {
                delete(key, "Background");
                continue;
            }
            JsonNode owners = metadata.path("ownerReferences");
            if (!owners.isArray() || owners.isEmpty()) {
                continue;
            }
            int alive = 0;
            boolean dangling = false;
            boolean ownerDeletingInForeground = false;
            for (JsonNode owner : owners) {
                Map.Entry<Key, ObjectNode> found = byUid.get(owner.path("uid").asText());
                boolean present = found != null && (found.getKey().namespace().isEmpty() || found.getKey().namespace().equals(key.namespace()));
                if (!present) {
                    dangling = true;
                    continue;
                }
                JsonNode ownerMeta = found.getValue().path("metadata");
                Set<String> finalizers = strings(ownerMeta.path("finalizers"));
                if (ownerMeta.has("deletionTimestamp") && finalizers.contains(ObjectApi.ORPHAN_FINALIZER)) {
                    // An owner orphaning its dependents still exists: the dependent stays, and only loses this reference.
                    alive++;
                    continue;
                }
                if (ownerMeta.has("deletionTimestamp") && finalizers.contains(ObjectApi.FOREGROUND_FINALIZER)) {
                    ownerDeletingInForeground = true;
                    if (owner.path("blockOwnerDeletion").asBoolean(false)) {
                        blockingDependents.merge(owner.path("uid").asText(), 1, Integer::sum);
                    }
                    continue;
                }
                alive++;
            }
            if (alive == 0 && !metadata.has("deletionTimestamp")) {
                delete(key, ownerDeletingInForeground ? "Foreground" : "Background");
            } else if (alive > 0 && (dangling || releasedByOrphan(owners, byUid))) {
                removeReferences(key, byUid);
            }
        }
        for (Map.Entry<Key, ObjectNode> entry : all) {
            JsonNode metadata = entry.getValue().path("metadata");
            if (!metadata.has("deletionTimestamp")) {
                continue;
            }
            Set<String> finalizers = strings(metadata.path("finalizers"));
            String uid = metadata.path("uid").asText();
            if (finalizers.contains(ObjectApi.FOREGROUND_FINALIZER) && !blockingDependents.containsKey(uid)) {
                removeFinalizer(entry.getKey(), ObjectApi.FOREGROUND_FINALIZER);
            }
            if (finalizers.contains(ObjectApi.ORPHAN_FINALIZER) && !hasDependents(uid, all)) {
                removeFinalizer(entry.getKey(), ObjectApi.ORPHAN_FINALIZER);
            }
            Key key = entry.getKey();
            if (key.group().isEmpty() && key.plural().equals("namespaces") && namespaceContents.getOrDefault(key.name(), 0) == 0) {
                // The namespace controller's finalizer: released once the namespace is empty.
                finishNamespace(key);
            }
        }
    }

    private boolean releasedByOrphan(JsonNode owners, Map<String, Map.Entry<Key, ObjectNode>> byUid) {
        for (JsonNode owner : owners) {
            Map.Entry<Key, ObjectNode> found = byUid.get(owner.path("uid").asText());
            if (found != null && found.getValue().path("metadata").has("deletionTimestamp")
                    && strings(found.getValue().path("metadata").path("finalizers")).contains(ObjectApi.ORPHAN_FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDependents(String uid, List<Map.Entry<Key, ObjectNode>> all) {
        for (Map.Entry<Key, ObjectNode> entry : all) {
            for (JsonNode owner : entry.getValue().path("metadata").path("ownerReferences")) {
                if (owner.path("uid").asText().equals(uid)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Drops references to owners that are gone or that orphan their dependents. */
    private void removeReferences(Key key, Map<String, Map.Entry<Key, ObjectNode>> byUid) {
        Optional<ResourceType> type = typeOf(key);
        type.ifPresent(t -> objects.systemUpdate(t, key, object -> {
            ObjectNode metadata = (ObjectNode) object.path("metadata");
            ArrayNode kept = metadata.arrayNode();
            for (JsonNode owner : metadata.path("ownerReferences")) {
                Map.Entry<Key, ObjectNode> found = byUid.get(owner.path("uid").asText());
                boolean orphaning = found != null && found.getValue().path("metadata").has("deletionTimestamp")
                        && strings(found.getValue().path("metadata").path("finalizers")).contains(ObjectApi.ORPHAN_FINALIZER);
                if (found != null && !orphaning) {
                    kept.add(owner);
                }
            }
            if (kept.isEmpty()) {
                metadata.remove("ownerReferences");
            } else {
                metadata.set("ownerReferences", kept);
            }
            return object;
        }));
    }

    private void removeFinalizer(Key key, String finalizer) {
        typeOf(key).ifPresent(t -> objects.systemUpdate(t, key, object -> {
            ObjectNode metadata = (ObjectNode) object.path("metadata");
            ArrayNode kept = metadata.arrayNode();
            metadata.path("finalizers").forEach(f -> {
                if (!f.asText().equals(finalizer)) {
                    kept.add(f);
                }
            });
            metadata.set("finalizers", kept);
            return object;
        }));
    }

    /**
     * The namespace controller's last step (the finalize subresource): it removes its own
     * {@code kubernetes} finalizer from spec.finalizers; the namespace goes once no finalizer,
     * in spec or metadata, is left.
     */
    private void finishNamespace(Key key) {
        typeOf(key).ifPresent(t -> objects.systemUpdate(t, key, object -> {
            ArrayNode kept = object.arrayNode();
            object.path("spec").path("finalizers").forEach(f -> {
                if (!f.asText().equals(NamespaceStrategy.FINALIZER)) {
                    kept.add(f);
                }
            });
            object.withObjectProperty("spec").set("finalizers", kept);
            return object;
        }));
    }

    private void delete(Key key, String policy) {
        Optional<ResourceType> type = typeOf(key);
        if (type.isEmpty()) {
            return;
        }
        try {
            objects.delete(type.get(), key.namespace(), key.name(), new ObjectApi.DeleteOptions(policy, null, null, false));
        } catch (ApiException e) {
            if (e.code() != 404) {
                LOG.debug("garbage collector could not delete {}: {}", key, e.getMessage());
            }
        }
    }

    private Optional<ResourceType> typeOf(Key key) {
        return registry.get().types().stream().filter(t -> t.group().equals(key.group()) && t.plural().equals(key.plural())).findFirst();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Override
    public void close() {
        closed = true;
        subscription.cancel();
        thread.interrupt();
    }
}
