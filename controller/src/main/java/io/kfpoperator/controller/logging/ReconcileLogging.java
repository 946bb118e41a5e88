package io.kfpoperator.controller.logging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Puts the reconciled resource on every log line of a reconcile (kind, namespace, name,
 * reconciliation_id; pipeline for Pipelines) and ends it with a "reconcile finished" line that
 * carries duration_ms, so one reconcile can be followed and timed in JSON logs. The line is INFO
 * when the reconcile changed something ({@link #changed()}: an API write or a provider call) or
 * failed, DEBUG when it only confirmed that everything is as it should be, which is most of them.
 */
public final class ReconcileLogging {

    public static final String KIND = "kind";
    public static final String NAMESPACE = "namespace";
    public static final String NAME = "name";
    public static final String RECONCILIATION_ID = "reconciliation_id";
    public static final String DURATION_MS = "duration_ms";
    public static final String PIPELINE = "pipeline";

    private static final ThreadLocal<int[]> CHANGES = new ThreadLocal<>();

    private ReconcileLogging() {
    }

    /** Called by the code that writes to the API server or calls a provider inside a reconcile. */
    public static void changed() {
        int[] changes = CHANGES.get();
        if (changes != null) {
            changes[0]++;
        }
    }

    public static <T> T inReconcile(HasMetadata resource, Logger log, Supplier<T> body) {
        String kind = resource.getKind();
        MDC.put(KIND, kind);
        MDC.put(NAMESPACE, resource.getMetadata().getNamespace());
        MDC.put(NAME, resource.getMetadata().getName());
        MDC.put(RECONCILIATION_ID, UUID.randomUUID().toString().substring(0, 8));
        if ("Pipeline".equals(kind)) {
            MDC.put(PIPELINE, resource.getMetadata().getName());
        }
        long start = System.nanoTime();
        String outcome = "error";
        int[] changes = new int[1];
        CHANGES.set(changes);
        try {
            T result = body.get();
            outcome = "success";
            return result;
        } finally {
            MDC.put(DURATION_MS, Long.toString((System.nanoTime() - start) / 1_000_000));
            if (changes[0] > 0 || !"success".equals(outcome)) {
                log.info("reconcile finished ({})", outcome);
            } else {
                log.debug("reconcile finished ({}, nothing changed)", outcome);
            }
            CHANGES.remove();
            MDC.remove(DURATION_MS);
            MDC.remove(KIND);
            MDC.remove(NAMESPACE);
            MDC.remove(NAME);
            MDC.remove(RECONCILIATION_ID);
            MDC.remove(PIPELINE);
        }
    }
}
