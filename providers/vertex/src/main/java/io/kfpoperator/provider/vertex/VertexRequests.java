package io.kfpoperator.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PscInterfaceConfig;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.aiplatform.v1.Value;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.TriggerIndicator;
import io.kfpoperator.provider.pipeline.CompiledPipeline;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Vertex requests for our resources: the pipeline job of a run or of a schedule, the
 * schedule itself, and the ids, display names and labels they carry. Pure apart from reading the
 * pipeline template, whose schema decides how parameters are sent; failures of that read are left
 * to the caller to map.
 */
final class VertexRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DISPLAY_NAME_MAX = 128;
    /** A label every job of a Run carries, so the run's jobs can be found from its id alone. */
    static final String RUN_ID_LABEL = "run-id";
    /** The attempt of a retried Run (ours), on its jobs after the first: each attempt is a job of its own. */
    static final String RUN_ATTEMPT_LABEL = "run-attempt";

    private final VertexSettings settings;
    private final PipelineStore store;
    private final Clock clock;

    VertexRequests(VertexSettings settings, PipelineStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    /** The CreatePipelineJob request of a Run: job id {@code <runId>-<version>}, labels naming the run. */
    CreatePipelineJobRequest runJob(RunDefinition definition) {
        requireText(definition.name(), "name");
        requireText(definition.version(), "version");
        String runId = runId(definition);
        Map<String, String> labels = runLabels(definition.pipelineName(), definition.pipelineVersion(),
                definition.runConfigurationName(), definition.triggerIndicator());
        putNamespaced(labels, VertexLabels.RUN_NAMESPACE, VertexLabels.RUN_NAME, definition.name());
        labels.put(RUN_ID_LABEL, runId);
        if (definition.attemptNumber() > 1) {
            labels.put(RUN_ATTEMPT_LABEL, String.valueOf(definition.attemptNumber()));
        }
        PipelineJob job = pipelineJob(definition.name(), definition.pipelineName(), definition.pipelineVersion(),
                definition.parameters(), labels);
        return CreatePipelineJobRequest.newBuilder().setParent(settings.parent())
                .setPipelineJobId(pipelineJobId(runId, definition.version())).setPipelineJob(job).build();
    }

    /** The Vertex schedule of a RunSchedule; a cron Vertex cannot run is rejected before anything else. */
    Schedule schedule(RunScheduleDefinition definition) {
        requireText(definition.name(), "name");
        if (definition.schedule() == null) {
            throw new InvalidDefinitionException("schedule is required");
        }
        definition.schedule().zone();
        String cron = VertexCron.inZone(VertexCron.toVertex(definition.schedule().cronExpression()), definition.schedule().timeZone());
        if (definition.schedule().replacesRunningRun()) {
            throw new PlatformRejectedException("schedule.concurrencyPolicy Replace: a Vertex AI schedule cannot stop its running"
                    + " pipeline job to start the next (it has max_concurrent_run_count and allow_queueing only); use Forbid or Allow");
        }
        boolean forbid = definition.schedule().forbidsConcurrentRuns();
        TriggerIndicator trigger = definition.triggerIndicator() != null ? definition.triggerIndicator()
                : new TriggerIndicator("schedule", shortName(definition.name()), namespace(definition.name()));
        Map<String, String> labels = runLabels(definition.pipelineName(), definition.pipelineVersion(),
                definition.runConfigurationName(), trigger);
        PipelineJob job = pipelineJob(definition.name(), definition.pipelineName(), definition.pipelineVersion(),
                definition.parameters(), labels);
        Schedule.Builder schedule = Schedule.newBuilder()
                .setDisplayName(scheduleDisplayName(definition.name()))
                .setCron(cron)
                .setCreatePipelineJobRequest(CreatePipelineJobRequest.newBuilder()
                        .setParent(settings.parent()).setPipelineJob(job))
                // Forbid: one at a time, and a firing that finds it running is skipped, not queued.
                .setMaxConcurrentRunCount(forbid ? 1 : settings.maxConcurrentRunCount())
                .setAllowQueueing(!forbid);
        OffsetDateTime start = definition.schedule().startTime();
        // A start in the past would make Vertex catch up on every run it "missed"; start now instead.
        if (start != null && start.toInstant().isAfter(clock.instant())) {
            schedule.setStartTime(timestamp(start.toInstant()));
        }
        OffsetDateTime end = definition.schedule().endTime();
        if (end != null) {
            schedule.setEndTime(timestamp(end.toInstant()));
        }
        return schedule.build();
    }

    private PipelineJob pipelineJob(String resourceName, String pipelineName, String pipelineVersion,
                                    Map<String, String> parameters, Map<String, String> labels) {
        requireText(pipelineName, "pipelineName");
        requireText(pipelineVersion, "pipelineVersion");
        byte[] template = store.readTemplate(pipelineName, pipelineVersion)
                .orElseThrow(() -> new PlatformRejectedException("pipeline " + pipelineName + " version " + pipelineVersion
                        + " has no template at " + store.templateUri(pipelineName, pipelineVersion)
                        + "; create or update the Pipeline first"));
        // TFX writes a PipelineJob with the spec under pipelineSpec; schema, SDK and spec are read inside it.
        CompiledPipeline compiled = readTemplate(template, pipelineName);
        String schemaVersion = compiled.schemaVersion();
        String sdkVersion = compiled.sdkVersion();
        // The wrapper's labels (tfx_version, tfx_runner…) go on the job as upstream puts them; ours win a clash.
        compiled.wrapperLabels().forEach(labels::putIfAbsent);
        if (!schemaVersion.isEmpty()) {
            labels.put(VertexLabels.SCHEMA_VERSION, schemaVersion);
        }
        if (!sdkVersion.isEmpty()) {
            labels.put(VertexLabels.SDK_VERSION, sdkVersion);
        }

        PipelineJob.RuntimeConfig.Builder runtime = PipelineJob.RuntimeConfig.newBuilder()
                .setGcsOutputDirectory(pipelineRoot() + "/" + pipelineName);
        Map<String, String> params = parameters == null ? Map.of() : parameters;
        // Vertex binds parameters by the template's schema: parameter_values from 2.1.0 on,
        // the older typed map before; the wrong one fails the job.
        if (schemaAtLeast(schemaVersion, 2, 1)) {
            params.forEach((k, v) -> runtime.putParameterValues(k, com.google.protobuf.Value.newBuilder().setStringValue(v).build()));
        } else {
            putLegacyParameters(runtime, params);
        }
        PipelineJob.Builder job = PipelineJob.newBuilder()
                .setDisplayName(truncate(resourceName, DISPLAY_NAME_MAX))
                .setTemplateUri(store.templateUri(pipelineName, pipelineVersion))
                // Vertex downloads templates only from its template registry, so the spec goes inline
                // (as upstream sends it); the URI still says which template the job came from.
                .setPipelineSpec(pipelineSpec(compiled, pipelineName))
                .setRuntimeConfig(runtime)
                .putAllLabels(VertexLabels.sanitise(labels));
        if (!settings.jobServiceAccount().isEmpty()) {
            job.setServiceAccount(settings.jobServiceAccount());
        }
        if (!settings.networkAttachment().isEmpty()) {
            job.setPscInterfaceConfig(PscInterfaceConfig.newBuilder().setNetworkAttachment(settings.networkAttachment()));
        }
        return job.build();
    }

    /** Templates before schema 2.1.0 only read the typed map that Vertex has since deprecated. */
    @SuppressWarnings("deprecation")
    private static void putLegacyParameters(PipelineJob.RuntimeConfig.Builder runtime, Map<String, String> params) {
        params.forEach((k, v) -> runtime.putParameters(k, Value.newBuilder().setStringValue(v).build()));
    }

    private Map<String, String> runLabels(String pipelineName, String pipelineVersion, String runConfigurationName,
                                          TriggerIndicator trigger) {
        Map<String, String> labels = new HashMap<>();
        labels.put(VertexLabels.PROVIDER_NAME, settings.providerShortName());
        labels.put(VertexLabels.PROVIDER_NAMESPACE, settings.providerNamespace());
        putNamespaced(labels, VertexLabels.PIPELINE_NAMESPACE, VertexLabels.PIPELINE_NAME, pipelineName);
        if (pipelineVersion != null) {
            labels.put(VertexLabels.PIPELINE_VERSION, pipelineVersion.replace('.', '-'));
        }
        putNamespaced(labels, VertexLabels.RUN_CONFIGURATION_NAMESPACE, VertexLabels.RUN_CONFIGURATION_NAME, runConfigurationName);
        if (trigger != null) {
            putIfText(labels, VertexLabels.TRIGGER_TYPE, trigger.type());
            putIfText(labels, VertexLabels.TRIGGER_SOURCE, trigger.source());
            putIfText(labels, VertexLabels.TRIGGER_SOURCE_NAMESPACE, trigger.sourceNamespace());
        }
        return labels;
    }

    private String pipelineRoot() {
        String root = settings.pipelineRootStorage();
        if (root.isEmpty()) {
            // gcs_output_directory is required by Vertex; the pipeline bucket is the one we know exists.
            root = "gs://" + settings.pipelineBucket() + "/pipeline-root";
        }
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static CompiledPipeline readTemplate(byte[] template, String pipelineName) {
        JsonNode document;
        try {
            document = JSON.readTree(template);
        } catch (IOException e) {
            throw new PlatformRejectedException("the template of pipeline " + pipelineName + " is not JSON: " + e.getMessage());
        }
        if (document == null || !document.isObject()) {
            throw new PlatformRejectedException("the template of pipeline " + pipelineName + " is not a JSON object");
        }
        try {
            return CompiledPipeline.of(document);
        } catch (InvalidDefinitionException e) {
            throw new PlatformRejectedException("the template of pipeline " + pipelineName + " is unusable: " + e.getMessage());
        }
    }

    private static Struct pipelineSpec(CompiledPipeline compiled, String pipelineName) {
        Struct.Builder spec = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(JSON.writeValueAsString(compiled.spec()), spec);
        } catch (IOException e) {
            throw new PlatformRejectedException("the pipeline spec of " + pipelineName + " cannot be sent to Vertex: "
                    + e.getMessage());
        }
        return spec.build();
    }

    static boolean schemaAtLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int actualMajor = Integer.parseInt(parts[0]);
            int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return actualMajor > major || (actualMajor == major && actualMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The run id of a Run: {@code <runNamespace>-<runName>}. */
    static String runId(String runName) {
        return runName.replace('/', '-');
    }

    /** The id of the definition's attempt: the Run's id for the first, {@code <id>-attempt-<n>} for a retry's. */
    static String runId(RunDefinition definition) {
        return attemptId(runId(definition.name()), String.valueOf(definition.attemptNumber()));
    }

    static String attemptId(String runId, String attempt) {
        return attempt == null || attempt.isEmpty() || attempt.equals("1") ? runId : runId + "-attempt-" + attempt;
    }

    /**
     * {@code <runId>-<runVersion>}, made a valid Vertex job id (lower case letters, digits and
     * hyphens, at most 128, starting with a letter) without losing uniqueness.
     */
    static String pipelineJobId(String runId, String version) {
        String raw = runId + "-" + version;
        String cleaned = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (cleaned.isEmpty() || cleaned.charAt(0) < 'a' || cleaned.charAt(0) > 'z') {
            cleaned = "r-" + cleaned;
        }
        if (cleaned.length() > 128) {
            cleaned = cleaned.substring(0, 121) + "-" + VertexLabels.shortHash(raw);
        }
        return cleaned;
    }

    /** Upstream's display name for a RunSchedule's Vertex schedule, so its schedules are found again. */
    static String scheduleDisplayName(String runScheduleName) {
        String name = "rc-" + namespace(runScheduleName) + "-" + shortName(runScheduleName);
        // The display name is how a schedule is found again, so shortening must keep it unique.
        return name.length() <= DISPLAY_NAME_MAX ? name
                : name.substring(0, DISPLAY_NAME_MAX - 7) + "-" + VertexLabels.shortHash(name);
    }

    private static void putNamespaced(Map<String, String> labels, String namespaceKey, String nameKey, String namespacedName) {
        if (namespacedName == null || namespacedName.isEmpty()) {
            return;
        }
        labels.put(namespaceKey, namespace(namespacedName));
        labels.put(nameKey, shortName(namespacedName));
    }

    private static void putIfText(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(key, value);
        }
    }

    private static String namespace(String namespacedName) {
        int slash = namespacedName.indexOf('/');
        return slash < 0 ? "" : namespacedName.substring(0, slash);
    }

    private static String shortName(String namespacedName) {
        return namespacedName.substring(namespacedName.indexOf('/') + 1);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidDefinitionException(field + " is required");
        }
    }
}
