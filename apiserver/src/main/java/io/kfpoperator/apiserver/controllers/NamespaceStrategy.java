package io.kfpoperator.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.objects.Strategy;

/** A namespace carries the {@code kubernetes} finalizer in its spec and a phase, as kube-apiserver gives it. */
public final class NamespaceStrategy implements Strategy {

    public static final String FINALIZER = "kubernetes";

    @Override
    public void prepare(ObjectNode namespace, ObjectNode old) {
        if (old == null) {
            namespace.withObjectProperty("spec").putArray("finalizers").add(FINALIZER);
            namespace.withObjectProperty("status").put("phase", "Active");
            // The namespace's name is also a label, kubernetes.io/metadata.name, for selectors.
            namespace.withObjectProperty("metadata").withObjectProperty("labels")
                    .put("kubernetes.io/metadata.name", namespace.path("metadata").path("name").asText());
        } else {
            if (old.has("spec")) {
                namespace.set("spec", old.get("spec"));
            }
            if (old.has("status")) {
                namespace.set("status", old.get("status"));
            }
        }
    }
}
