package io.kfpoperator.provider.kfp;

import static io.kfpoperator.provider.kfp.KfpApiClient.API;
import static io.kfpoperator.provider.kfp.KfpApiClient.query;
import static io.kfpoperator.provider.kfp.KfpApiClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.contract.TriggerIndicator;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.kfp.metadata.GrpcMetadataStore;
import io.kfpoperator.provider.kfp.metadata.MetadataStore;
import io.kfpoperator.provider.kfp.metadata.MetadataStoreException;
import io.kfpoperator.provider.pipeline.CompiledPipeline;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.OperationNotSupportedException;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubeflow Pipelines through its v2beta1 REST API. Ids returned are KFP's own: pipeline id,
 * experiment id, run id, recurring run id. Objects are found again by name (pipelines, versions)
 * or by display name plus the metadata we write into descriptions (runs, recurring runs), which
 * makes every create idempotent.
 */
public final class KfpPlatform implements PipelinePlatform {

    private static final Logger LOG = LoggerFactory.getLogger(KfpPlatform.class);
    private static final int PAGE_SIZE = 100;
    private static final String PIPELINE_FILE_NAME = "pipeline.yaml";

    private final KfpSettings settings;
    private final KfpApiClient api;
    private final ObjectMapper json;
    private final YAMLMapper yaml = new YAMLMapper();
    private final RunCompletionMapper completions;
    /** Names of recurring runs by id, so runs they started map to events even after the schedule is replaced. */
    private final Map<String, Optional<OperatorMetadata>> scheduleMetadata = new ConcurrentHashMap<>();
    /** Cleared if this KFP refuses a finished_at filter; we then filter on our side. */
    private volatile boolean serverSideFinishedFilter = true;
    /** Where artifact locations are read; empty when grpcMetadataStoreAddress is not set. */
    private final Optional<MetadataStore> metadataStore;

    public KfpPlatform(KfpSettings settings) {
        this(settings, connectMetadataStore(settings));
    }

    /** With the given store (tests pass one on an in-process channel). */
    public KfpPlatform(KfpSettings settings, Optional<MetadataStore> metadataStore) {
        this.settings = settings;
        this.metadataStore = metadataStore;
        if (metadataStore.isEmpty()) {
            LOG.warn("provider parameter '{}' is not set: completion events carry artifacts without locations"
                    + " (uri null, metadata.mlmdArtifactId only), so outputs of runs on this Provider cannot be"
                    + " referenced (valueFrom.runConfigurationRef)", KfpSettings.GRPC_METADATA_STORE_ADDRESS);
        } else {
            LOG.info("reading run artifacts from ML Metadata at {}", metadataStore.get().describe());
        }
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.api = new KfpApiClient(settings, json);
        this.completions = new RunCompletionMapper(settings.providerName());
    }

    private static Optional<MetadataStore> connectMetadataStore(KfpSettings settings) {
        return settings.metadataStoreAddress().map(address -> {
            try {
                return GrpcMetadataStore.connect(address, settings.requestTimeout());
            } catch (IllegalArgumentException e) {
                throw new PlatformConfigurationException("provider parameter '"
                        + KfpSettings.GRPC_METADATA_STORE_ADDRESS + "' is not a gRPC target: " + address
                        + " (" + e.getMessage() + ")");
            }
        });
    }

    // ---- pipelines -------------------------------------------------------------------------

    @Override
    public String createPipeline(PipelineDefinition definition, JsonNode compiledPipeline) {
        requirePipeline(definition, compiledPipeline);
        byte[] file = pipelineFile(compiledPipeline);
        String pipelineId = findPipeline(definition.name())
                .map(p -> p.path("pipeline_id").asText())
                .orElseGet(() -> uploadPipeline(definition, file));
        ensureVersion(pipelineId, definition.version(), file);
        return pipelineId;
    }

    @Override
    public String updatePipeline(String id, PipelineDefinition definition, JsonNode compiledPipeline) {
        requirePipeline(definition, compiledPipeline);
        // A 404 from listing the versions of a missing pipeline surfaces as ResourceNotFoundException.
        ensureVersion(id, definition.version(), pipelineFile(compiledPipeline));
        return id;
    }

    @Override
    public void deletePipeline(String id) {
        List<JsonNode> versions;
        try {
            versions = listAll("list pipeline versions", API + "/pipelines/" + segment(id) + "/versions",
                    new LinkedHashMap<>(), "pipeline_versions");
        } catch (ResourceNotFoundException gone) {
            return;
        }
        // KFP refuses to delete a pipeline that still has versions (without cascade, which older servers lack).
        for (JsonNode version : versions) {
            ignoreNotFound(() -> api.delete("delete pipeline version", API + "/pipelines/" + segment(id)
                    + "/versions/" + segment(version.path("pipeline_version_id").asText()), Map.of()));
        }
        ignoreNotFound(() -> api.delete("delete pipeline", API + "/pipelines/" + segment(id), Map.of()));
        LOG.info("deleted pipeline {} with {} versions", id, versions.size());
    }

    private String uploadPipeline(PipelineDefinition definition, byte[] file) {
        Map<String, String> q = query(
                "name", definition.name(),
                "display_name", definition.name(),
                "description", "Pipeline " + definition.name() + ", managed by kfp-operator",
                "namespace", settings.requestNamespace().orElse(null));
        try {
            String id = api.upload("upload pipeline", API + "/pipelines/upload", q, PIPELINE_FILE_NAME, file)
                    .path("pipeline_id").asText();
            LOG.info("uploaded pipeline {} as {}", definition.name(), id);
            return id;
        } catch (KfpConflictException | PlatformRejectedException e) {
            // Lost a race with a concurrent create of the same name (409; some KFP versions answer a
            // duplicate name with another 4xx): use the winner's pipeline.
            String id = findPipeline(definition.name()).map(p -> p.path("pipeline_id").asText()).orElseThrow(() -> e);
            LOG.info("pipeline {} already existed on KFP as {}; adopted it", definition.name(), id);
            return id;
        }
    }

    private void ensureVersion(String pipelineId, String version, byte[] file) {
        if (findVersion(pipelineId, version).isPresent()) {
            return;
        }
        Map<String, String> q = query(
                "name", version,
                "display_name", version,
                "pipelineid", pipelineId);
        try {
            String versionId = api.upload("upload pipeline version", API + "/pipelines/upload_version", q,
                    PIPELINE_FILE_NAME, file).path("pipeline_version_id").asText();
            LOG.info("uploaded pipeline version {} of pipeline {} as {}", version, pipelineId, versionId);
        } catch (KfpConflictException | PlatformRejectedException e) {
            if (findVersion(pipelineId, version).isEmpty()) {
                throw e;
            }
            LOG.info("pipeline version {} of pipeline {} already existed on KFP; adopted it", version, pipelineId);
        }
    }

    private Optional<JsonNode> findPipeline(String name) {
        // display_name (set equal to name on upload) is filterable on every KFP 2.x; name only on newer ones.
        Map<String, String> q = query("namespace", settings.requestNamespace().orElse(null),
                "filter", equalsFilter("display_name", name));
        return listAll("find pipeline", API + "/pipelines", q, "pipelines").stream()
                .filter(p -> name.equals(p.path("name").asText(p.path("display_name").asText())))
                .findFirst();
    }

    private Optional<JsonNode> findVersion(String pipelineId, String version) {
        Map<String, String> q = query("filter", equalsFilter("display_name", version));
        return listAll("find pipeline version", API + "/pipelines/" + segment(pipelineId) + "/versions", q,
                "pipeline_versions").stream()
                .filter(v -> version.equals(v.path("name").asText(v.path("display_name").asText())))
                .findFirst();
    }

    /**
     * The file KFP parses as a pipeline spec. TFX wraps the spec in a Vertex PipelineJob, which KFP
     * cannot read, so the spec inside is uploaded (the Go provider does the same); the bare IR the
     * KFP SDK writes goes up unchanged.
     */
    private byte[] pipelineFile(JsonNode compiledPipeline) {
        if (compiledPipeline.isTextual()) {
            String text = compiledPipeline.asText();
            Optional<JsonNode> wrapper = parsedWrapper(text);
            if (wrapper.isEmpty()) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            compiledPipeline = wrapper.get();
        }
        CompiledPipeline compiled = CompiledPipeline.of(compiledPipeline);
        if (compiled.wrapped()) {
            LOG.debug("compiled pipeline is a PipelineJob; uploading the pipelineSpec inside it");
        }
        try {
            return yaml.writeValueAsBytes(compiled.spec());
        } catch (IOException e) {
            throw new InvalidDefinitionException("compiledPipeline cannot be written as YAML: " + e.getMessage());
        }
    }

    /** A compiled pipeline sent as text (YAML or JSON), if it is a PipelineJob wrapper; anything else is sent as is. */
    private Optional<JsonNode> parsedWrapper(String text) {
        try {
            JsonNode parsed = yaml.readTree(text);
            return parsed != null && parsed.isObject() && parsed.has("pipelineSpec") ? Optional.of(parsed) : Optional.empty();
        } catch (IOException notOneDocument) {
            // e.g. a multi-document IR with a platform spec: KFP reads it, we leave it alone
            return Optional.empty();
        }
    }

    // ---- experiments -----------------------------------------------------------------------

    @Override
    public String createExperiment(ExperimentDefinition definition) {
        if (definition == null || isBlank(definition.name())) {
            throw new InvalidDefinitionException("experiment name is required");
        }
        Optional<String> existing = findExperimentId(definition.name());
        if (existing.isPresent()) {
            return existing.get();
        }
        ObjectNode body = json.createObjectNode()
                .put("display_name", definition.name())
                .put("description", Objects.requireNonNullElse(definition.description(), ""));
        settings.requestNamespace().ifPresent(ns -> body.put("namespace", ns));
        try {
            String id = api.postJson("create experiment", API + "/experiments", body).path("experiment_id").asText();
            LOG.info("created experiment {} as {}", definition.name(), id);
            return id;
        } catch (KfpConflictException | PlatformRejectedException e) {
            // Created by someone else since the lookup (or by our own earlier create whose answer was lost).
            String id = findExperimentId(definition.name()).orElseThrow(() -> e);
            LOG.info("experiment {} already existed on KFP as {}; adopted it", definition.name(), id);
            return id;
        }
    }

    /**
     * KFP has no experiment update, and replacing the experiment would orphan the runs and
     * recurring runs that reference its id. An update that changes nothing KFP holds (the
     * description is the only field) succeeds; one that changes the description is answered 501,
     * so the operator reports it on the Experiment instead of claiming it was applied.
     */
    @Override
    public String updateExperiment(String id, ExperimentDefinition definition) {
        JsonNode experiment = api.get("get experiment", API + "/experiments/" + segment(id), Map.of());
        String wanted = definition == null ? "" : Objects.requireNonNullElse(definition.description(), "");
        String held = experiment.path("description").asText("");
        if (!wanted.equals(held)) {
            throw new OperationNotSupportedException("KFP cannot change the description of experiment "
                    + experiment.path("display_name").asText(id) + " (id " + id + "): it has no experiment update, and"
                    + " replacing the experiment would detach its runs; it keeps the description '" + held
                    + "'. Delete and recreate the Experiment to change it");
        }
        return id;
    }

    @Override
    public void deleteExperiment(String id) {
        ignoreNotFound(() -> api.delete("delete experiment", API + "/experiments/" + segment(id), Map.of()));
    }

    private Optional<String> findExperimentId(String displayName) {
        Map<String, String> q = query("namespace", settings.requestNamespace().orElse(null),
                "filter", equalsFilter("display_name", displayName));
        return listAll("find experiment", API + "/experiments", q, "experiments").stream()
                .filter(e -> displayName.equals(e.path("display_name").asText()))
                .map(e -> e.path("experiment_id").asText())
                .findFirst();
    }

    // ---- runs ------------------------------------------------------------------------------

    @Override
    public String createRun(RunDefinition definition) {
        if (definition == null || isBlank(definition.name())) {
            throw new InvalidDefinitionException("run name is required");
        }
        requireField(definition.pipelineName(), "pipelineName");
        OperatorMetadata metadata = new OperatorMetadata(definition.name(), definition.version(),
                definition.pipelineName(), definition.pipelineVersion(), definition.runConfigurationName(),
                definition.name(), trigger(definition.triggerIndicator(), TriggerIndicator::type),
                trigger(definition.triggerIndicator(), TriggerIndicator::source),
                trigger(definition.triggerIndicator(), TriggerIndicator::sourceNamespace));
        Optional<JsonNode> existing = findOurs("find run", API + "/runs", "runs", definition.name(),
                m -> definition.name().equals(m.name()));
        if (existing.isPresent()) {
            return existing.get().path("run_id").asText();
        }
        ObjectNode body = json.createObjectNode()
                .put("display_name", definition.name())
                .put("description", metadata.toDescription(json));
        resolveExperimentId(definition.experimentName()).ifPresent(id -> body.put("experiment_id", id));
        body.set("pipeline_version_reference", pipelineVersionReference(definition.pipelineName(),
                definition.pipelineVersion()));
        body.set("runtime_config", runtimeConfig(definition.parameters()));
        String id = api.postJson("create run", API + "/runs", body).path("run_id").asText();
        LOG.info("created run {} as {}", definition.name(), id);
        return id;
    }

    @Override
    public void deleteRun(String id) {
        String path = API + "/runs/" + segment(id);
        JsonNode run;
        try {
            run = api.get("get run", path, Map.of());
        } catch (ResourceNotFoundException gone) {
            return;
        }
        if (!RunCompletionMapper.isTerminal(run)) {
            ignoreNotFound(() -> api.post("terminate run", path + ":terminate"));
        }
        ignoreNotFound(() -> api.delete("delete run", path, Map.of()));
        LOG.info("deleted run {}", id);
    }

    // ---- recurring runs --------------------------------------------------------------------

    @Override
    public String createRunSchedule(RunScheduleDefinition definition) {
        requireSchedule(definition);
        return findSchedule(definition).orElseGet(() -> createRecurringRun(definition));
    }

    /**
     * The new recurring run is created before the old one is deleted, so a failed create leaves
     * the old schedule firing. A retry after a failed delete finds the new one by name and version.
     */
    @Override
    public String updateRunSchedule(String id, RunScheduleDefinition definition) {
        requireSchedule(definition);
        Optional<String> replacement = findSchedule(definition);
        if (replacement.isEmpty()) {
            api.get("get recurring run", API + "/recurringruns/" + segment(id), Map.of());
        }
        String newId = replacement.orElseGet(() -> createRecurringRun(definition));
        if (!newId.equals(id)) {
            deleteRunSchedule(id);
            LOG.info("replaced recurring run {} by {}", id, newId);
        }
        return newId;
    }

    @Override
    public void deleteRunSchedule(String id) {
        ignoreNotFound(() -> api.delete("delete recurring run", API + "/recurringruns/" + segment(id), Map.of()));
    }

    /** Resumes a disabled recurring run (KFP {@code :enable}). */
    public void enableRunSchedule(String id) {
        api.post("enable recurring run", API + "/recurringruns/" + segment(id) + ":enable");
    }

    /** Stops a recurring run from starting runs without deleting it (KFP {@code :disable}). */
    public void disableRunSchedule(String id) {
        api.post("disable recurring run", API + "/recurringruns/" + segment(id) + ":disable");
    }

    private String createRecurringRun(RunScheduleDefinition definition) {
        OperatorMetadata metadata = new OperatorMetadata(definition.name(), definition.version(),
                definition.pipelineName(), definition.pipelineVersion(), definition.runConfigurationName(),
                null, trigger(definition.triggerIndicator(), TriggerIndicator::type),
                trigger(definition.triggerIndicator(), TriggerIndicator::source),
                trigger(definition.triggerIndicator(), TriggerIndicator::sourceNamespace));
        Schedule schedule = definition.schedule();
        ObjectNode cron = json.createObjectNode().put("cron", KfpCron.toKfp(schedule.cronExpression()));
        if (schedule.startTime() != null) {
            cron.put("start_time", schedule.startTime().toInstant().toString());
        }
        if (schedule.endTime() != null) {
            cron.put("end_time", schedule.endTime().toInstant().toString());
        }
        ObjectNode body = json.createObjectNode()
                .put("display_name", definition.name())
                .put("description", metadata.toDescription(json));
        resolveExperimentId(definition.experimentName()).ifPresent(id -> body.put("experiment_id", id));
        body.set("pipeline_version_reference", pipelineVersionReference(definition.pipelineName(),
                definition.pipelineVersion()));
        body.set("runtime_config", runtimeConfig(definition.parameters()));
        // int64 travels as a JSON string in the proto3 JSON mapping.
        body.put("max_concurrency", String.valueOf(settings.maxConcurrency()));
        body.set("trigger", json.createObjectNode().set("cron_schedule", cron));
        body.put("mode", "ENABLE");
        // After an outage, start one run rather than one per missed interval.
        body.put("no_catchup", true);
        String id = api.postJson("create recurring run", API + "/recurringruns", body)
                .path("recurring_run_id").asText();
        scheduleMetadata.put(id, Optional.of(metadata));
        LOG.info("created recurring run {} version {} as {}", definition.name(), definition.version(), id);
        return id;
    }

    private Optional<String> findSchedule(RunScheduleDefinition definition) {
        return findOurs("find recurring run", API + "/recurringruns", "recurringRuns", definition.name(),
                m -> definition.name().equals(m.name()) && Objects.equals(definition.version(), m.version()))
                .map(r -> r.path("recurring_run_id").asText());
    }

    // ---- completion ------------------------------------------------------------------------

    @Override
    public List<FinishedRun> finishedRunsSince(Instant since) {
        List<JsonNode> runs;
        if (serverSideFinishedFilter) {
            try {
                runs = listRuns(Optional.of(since));
            } catch (PlatformRejectedException e) {
                LOG.warn("KFP refused a finished_at filter, filtering finished runs locally: {}", e.getMessage());
                serverSideFinishedFilter = false;
                runs = listRuns(Optional.empty());
            }
        } else {
            runs = listRuns(Optional.empty());
        }
        List<FinishedRun> finished = new ArrayList<>();
        for (JsonNode run : runs) {
            if (!RunCompletionMapper.isTerminal(run)) {
                continue;
            }
            Optional<Instant> finishedAt = RunCompletionMapper.timestamp(run.path("finished_at"))
                    .map(OffsetDateTime::toInstant);
            if (finishedAt.isEmpty() || finishedAt.get().isBefore(since)) {
                continue;
            }
            completions.map(run, metadataOf(run)).ifPresent(finished::add);
        }
        finished.sort(Comparator.comparing(FinishedRun::finishedAt)
                .thenComparing(f -> f.event().runId()));
        return metadataStore.map(store -> withArtifactLocations(finished, store)).orElse(finished);
    }

    /**
     * The runs with their artifacts as ML Metadata records them. When the store cannot be asked,
     * only the runs before the first one it failed for are returned: the event loop delivers
     * oldest first and moves its watermark only past what it delivered, so the held-back runs are
     * listed (and looked up) again on the next poll instead of going out without their locations.
     */
    private static List<FinishedRun> withArtifactLocations(List<FinishedRun> finished, MetadataStore store) {
        List<FinishedRun> resolved = new ArrayList<>(finished.size());
        for (FinishedRun run : finished) {
            String runId = run.event().runId();
            Optional<List<PipelineComponent>> components;
            try {
                components = store.componentsOfRun(runId);
            } catch (MetadataStoreException e) {
                LOG.warn("{}; holding back the completion events of this and {} later run(s) until ML Metadata answers",
                        e.getMessage(), finished.size() - resolved.size() - 1);
                return resolved;
            }
            if (components.isPresent()) {
                resolved.add(RunCompletionMapper.withComponents(run, components.get()));
            } else {
                // Without a run context there is nothing to wait for (e.g. a run that failed before its first task).
                LOG.warn("ML Metadata at {} has no {} context for run {}; its event carries the artifacts KFP's API"
                        + " lists, without locations", store.describe(), "system.PipelineRun", runId);
                resolved.add(run);
            }
        }
        return resolved;
    }

    private List<JsonNode> listRuns(Optional<Instant> finishedSince) {
        Map<String, String> q = query("namespace", settings.requestNamespace().orElse(null));
        finishedSince.ifPresent(since -> {
            ObjectNode filter = json.createObjectNode();
            // KFP compares timestamps in whole seconds; the exact instant is checked locally.
            filter.putArray("predicates").addObject()
                    .put("key", "finished_at")
                    .put("operation", "GREATER_THAN_EQUALS")
                    .put("timestamp_value", since.truncatedTo(ChronoUnit.SECONDS).toString());
            q.put("filter", filter.toString());
        });
        return listAll("list runs", API + "/runs", q, "runs");
    }

    private Optional<OperatorMetadata> metadataOf(JsonNode run) {
        Optional<OperatorMetadata> own = OperatorMetadata.fromDescription(run.path("description").asText(null), json);
        if (own.isPresent()) {
            return own;
        }
        String scheduleId = run.path("recurring_run_id").asText("");
        if (scheduleId.isEmpty()) {
            return Optional.empty();
        }
        // Runs started by a recurring run carry its id, not its description.
        Optional<OperatorMetadata> known = scheduleMetadata.get(scheduleId);
        if (known != null) {
            return known;
        }
        Optional<OperatorMetadata> fetched;
        try {
            JsonNode schedule = api.get("get recurring run", API + "/recurringruns/" + segment(scheduleId), Map.of());
            fetched = OperatorMetadata.fromDescription(schedule.path("description").asText(null), json);
        } catch (ResourceNotFoundException gone) {
            LOG.warn("run {} was started by recurring run {} which no longer exists; no completion event",
                    run.path("run_id").asText(), scheduleId);
            fetched = Optional.empty();
        }
        scheduleMetadata.putIfAbsent(scheduleId, fetched);
        return fetched;
    }

    @Override
    public void close() {
        metadataStore.ifPresent(MetadataStore::close);
    }

    @Override
    public boolean isReady() {
        try {
            api.get("health check", API + "/healthz", Map.of());
            return true;
        } catch (PlatformException e) {
            LOG.debug("KFP not ready: {}", e.getMessage());
            return false;
        }
    }

    // ---- shared ----------------------------------------------------------------------------

    private ObjectNode pipelineVersionReference(String pipelineName, String pipelineVersion) {
        JsonNode pipeline = findPipeline(pipelineName).orElseThrow(() -> new PlatformRejectedException(
                "pipeline '" + pipelineName + "' does not exist on KFP"));
        String pipelineId = pipeline.path("pipeline_id").asText();
        ObjectNode reference = json.createObjectNode().put("pipeline_id", pipelineId);
        // Without a version KFP runs the latest one, which is what an unversioned reference means.
        if (!isBlank(pipelineVersion)) {
            JsonNode version = findVersion(pipelineId, pipelineVersion).orElseThrow(() ->
                    new PlatformRejectedException("pipeline '" + pipelineName + "' has no version '"
                            + pipelineVersion + "' on KFP"));
            reference.put("pipeline_version_id", version.path("pipeline_version_id").asText());
        }
        return reference;
    }

    private Optional<String> resolveExperimentId(String experimentName) {
        if (!isBlank(experimentName)) {
            return Optional.of(findExperimentId(experimentName).orElseThrow(() -> new PlatformRejectedException(
                    "experiment '" + experimentName + "' does not exist on KFP")));
        }
        return settings.defaultExperiment().map(name -> findExperimentId(name).orElseThrow(() ->
                new PlatformRejectedException("default experiment '" + name + "' (provider parameter '"
                        + KfpSettings.DEFAULT_EXPERIMENT + "') does not exist on KFP")));
    }

    private ObjectNode runtimeConfig(Map<String, String> parameters) {
        ObjectNode config = json.createObjectNode();
        ObjectNode values = config.putObject("parameters");
        if (parameters != null) {
            parameters.forEach(values::put);
        }
        settings.pipelineRoot().ifPresent(root -> config.put("pipeline_root", root));
        return config;
    }

    /** The objects with this display name whose description carries metadata matching {@code ours}. */
    private Optional<JsonNode> findOurs(String operation, String path, String itemsField, String displayName,
            Predicate<OperatorMetadata> ours) {
        Map<String, String> q = query("namespace", settings.requestNamespace().orElse(null),
                "filter", equalsFilter("display_name", displayName));
        return listAll(operation, path, q, itemsField).stream()
                .filter(o -> displayName.equals(o.path("display_name").asText()))
                .filter(o -> OperatorMetadata.fromDescription(o.path("description").asText(null), json)
                        .filter(ours).isPresent())
                .findFirst();
    }

    private List<JsonNode> listAll(String operation, String path, Map<String, String> query, String itemsField) {
        List<JsonNode> items = new ArrayList<>();
        String pageToken = "";
        do {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("page_size", String.valueOf(PAGE_SIZE));
            if (!pageToken.isEmpty()) {
                q.put("page_token", pageToken);
            }
            JsonNode page = api.get(operation, path, q);
            // KFP's gateway writes the snake_case field name, older ones camelCase (recurringRuns).
            JsonNode list = page.has(itemsField) ? page.get(itemsField) : page.path(snake(itemsField));
            list.forEach(items::add);
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return items;
    }

    private String equalsFilter(String key, String value) {
        ObjectNode filter = json.createObjectNode();
        filter.putArray("predicates").addObject()
                .put("key", key)
                .put("operation", "EQUALS")
                .put("string_value", value);
        return filter.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static void ignoreNotFound(Runnable call) {
        try {
            call.run();
        } catch (ResourceNotFoundException alreadyGone) {
            // deleting what is not there is success (SPEC: deletes are idempotent)
        }
    }

    private static void requirePipeline(PipelineDefinition definition, JsonNode compiledPipeline) {
        if (definition == null) {
            throw new InvalidDefinitionException("pipelineDefinition is required");
        }
        requireField(definition.name(), "pipelineDefinition.name");
        requireField(definition.version(), "pipelineDefinition.version");
        if (compiledPipeline == null || compiledPipeline.isNull() || compiledPipeline.isMissingNode()) {
            throw new InvalidDefinitionException("compiledPipeline is required");
        }
    }

    private static void requireSchedule(RunScheduleDefinition definition) {
        if (definition == null) {
            throw new InvalidDefinitionException("run schedule definition is required");
        }
        requireField(definition.name(), "name");
        requireField(definition.pipelineName(), "pipelineName");
        if (definition.schedule() == null) {
            throw new InvalidDefinitionException("schedule is required");
        }
        requireField(definition.schedule().cronExpression(), "schedule.cronExpression");
    }

    private static void requireField(String value, String field) {
        if (isBlank(value)) {
            throw new InvalidDefinitionException(field + " is required");
        }
    }

    private static String trigger(TriggerIndicator indicator, Function<TriggerIndicator, String> f) {
        return indicator == null ? null : f.apply(indicator);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
