package io.kfpoperator.provider.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.kfp.KfpNames.NamespacedName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Pipeline, RunConfiguration and Run a KFP run or recurring run belongs to. KFP v2beta1 runs
 * have no labels, so the Go provider passes these as runtime parameters (keys from its label
 * package) and declares them as optional string inputs of every pipeline it uploads; we do the
 * same, so runs either provider started route to the same RunConfiguration.
 */
record OperatorMetadata(
        NamespacedName pipeline,
        String pipelineVersion,
        NamespacedName runConfiguration,
        NamespacedName run,
        Optional<Trigger> trigger) {

    record Trigger(String type, String source, String sourceNamespace) {
    }

    static final String PROVIDER_NAME = "provider-name";
    static final String PROVIDER_NAMESPACE = "provider-namespace";
    static final String PIPELINE_NAME = "pipeline-name";
    static final String PIPELINE_NAMESPACE = "pipeline-namespace";
    static final String PIPELINE_VERSION = "pipeline-version";
    static final String RUN_CONFIGURATION_NAME = "runconfiguration-name";
    static final String RUN_CONFIGURATION_NAMESPACE = "runconfiguration-namespace";
    static final String RUN_NAME = "run-name";
    static final String RUN_NAMESPACE = "run-namespace";
    static final String TRIGGER_TYPE = "trigger-type";
    static final String TRIGGER_SOURCE = "trigger-source";
    static final String TRIGGER_SOURCE_NAMESPACE = "trigger-source-namespace";

    /** Every key, declared as a pipeline input on upload (in the Go provider's order). */
    static final List<String> KEYS = List.of(PROVIDER_NAME, PROVIDER_NAMESPACE, PIPELINE_NAME, PIPELINE_NAMESPACE,
            PIPELINE_VERSION, RUN_CONFIGURATION_NAME, RUN_CONFIGURATION_NAMESPACE, RUN_NAME, RUN_NAMESPACE,
            TRIGGER_TYPE, TRIGGER_SOURCE, TRIGGER_SOURCE_NAMESPACE);

    /**
     * The runtime parameters: empty names are left out, the trigger only when there is one (a
     * schedule always has its trigger keys, as the Go provider writes them, empty if unknown).
     */
    Map<String, String> toParameters(NamespacedName provider) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PIPELINE_NAME, pipeline.name());
        p.put(PIPELINE_NAMESPACE, pipeline.namespace());
        p.put(PIPELINE_VERSION, pipelineVersion == null ? "" : pipelineVersion);
        if (!runConfiguration.isEmpty()) {
            p.put(RUN_CONFIGURATION_NAME, runConfiguration.name());
            p.put(RUN_CONFIGURATION_NAMESPACE, runConfiguration.namespace());
        }
        if (!run.isEmpty()) {
            p.put(RUN_NAME, run.name());
            p.put(RUN_NAMESPACE, run.namespace());
        }
        trigger.ifPresent(t -> {
            p.put(TRIGGER_TYPE, nonNull(t.type()));
            p.put(TRIGGER_SOURCE, nonNull(t.source()));
            p.put(TRIGGER_SOURCE_NAMESPACE, nonNull(t.sourceNamespace()));
        });
        p.put(PROVIDER_NAME, provider.name());
        p.put(PROVIDER_NAMESPACE, provider.namespace());
        return p;
    }

    /**
     * Read back from a run's {@code runtime_config.parameters}, as the Go provider's event source
     * does; empty when none of pipeline, RunConfiguration or Run is named (a run the operator did
     * not start).
     */
    static Optional<OperatorMetadata> fromParameters(JsonNode parameters) {
        if (parameters == null || !parameters.isObject()) {
            return Optional.empty();
        }
        NamespacedName pipeline = new NamespacedName(text(parameters, PIPELINE_NAMESPACE), text(parameters, PIPELINE_NAME));
        NamespacedName rc = new NamespacedName(text(parameters, RUN_CONFIGURATION_NAMESPACE),
                text(parameters, RUN_CONFIGURATION_NAME));
        NamespacedName run = new NamespacedName(text(parameters, RUN_NAMESPACE), text(parameters, RUN_NAME));
        if (pipeline.isEmpty() && rc.isEmpty() && run.isEmpty()) {
            return Optional.empty();
        }
        Optional<Trigger> trigger = parameters.has(TRIGGER_TYPE)
                ? Optional.of(new Trigger(text(parameters, TRIGGER_TYPE), text(parameters, TRIGGER_SOURCE),
                        text(parameters, TRIGGER_SOURCE_NAMESPACE)))
                : Optional.empty();
        return Optional.of(new OperatorMetadata(pipeline, text(parameters, PIPELINE_VERSION), rc, run, trigger));
    }

    /** A name as events carry it ({@code ns/name}), or null when empty (or namespace-only, which names nothing). */
    static String eventName(NamespacedName name) {
        return name.name().isEmpty() ? null : name.path();
    }

    private static String text(JsonNode parameters, String key) {
        JsonNode value = parameters.path(key);
        // Parameters are strings when we or the Go provider wrote them; anything else is read as text.
        return value.isMissingNode() || value.isNull() ? "" : value.asText("");
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
