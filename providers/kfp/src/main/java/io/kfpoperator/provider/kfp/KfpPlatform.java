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
import io.kfpoperator.provider.kfp.KfpNames.NamespacedName;
import io.kfpoperator.provider.kfp.OperatorMetadata.Trigger;
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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubeflow Pipelines through its v2beta1 REST API. Ids returned are KFP's own: pipeline id,
 * experiment id, run id, recurring run id. Objects are named, parameterised and laid out as the Go
 * KFP provider does ({@code ns-name} display names, metadata in runtime parameters, outputs under
 * {@code <pipelineRoot>/<ns>/<pipeline>}), so either provider finds what the other created. Objects
 * are found again by display name (plus, for runs and recurring runs, that metadata), which makes
 * every create idempotent.
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
    /** Metadata of recurring runs by id, for runs that lack their own runtime parameters. */
    private final Map<String, Optional<OperatorMetadata>> scheduleMetadata = new ConcurrentHashMap<>();
    /** Cleared if this KFP refuses a finished_at filter; we then filter on our side. */
    private volatile boolean serverSideFinishedFilter = true;
    /** Where artifact locations are read; empty when grpcMetadataStoreAddress is not set. */
    private final Optional<MetadataStore> metadataStore;
    /** The Provider's name, written into every run's provider-name / provider-namespace parameters. */
    private final NamespacedName provider;

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
        this.provider = NamespacedName.parse(settings.providerName());
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
        String name = KfpNames.kfpName(definition.name());
        String pipelineId = findPipeline(name)
                .map(p -> pipelineId(p, name))
                .orElseGet(() -> uploadPipeline(name, file));
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
            String versionId = KfpAnswers.text(version, "pipeline_version_id", "list pipeline versions",
                    "a version of pipeline " + id);
            ignoreNotFound(() -> api.delete("delete pipeline version", API + "/pipelines/" + segment(id)
                    + "/versions/" + segment(versionId), Map.of()));
        }
        ignoreNotFound(() -> api.delete("delete pipeline", API + "/pipelines/" + segment(id), Map.of()));
        LOG.info("deleted pipeline {} with {} versions", id, versions.size());
    }

    /**
     * Uploaded as the Go provider does: named {@code ns-name}, without description and, also in
     * multi-user mode, without namespace (a shared pipeline).
     */
    private String uploadPipeline(String name, byte[] file) {
        Map<String, String> q = query(
                "name", name,
                "display_name", name);
        try {
            String id = KfpAnswers.text(api.upload("upload pipeline", API + "/pipelines/upload", q,
                    PIPELINE_FILE_NAME, file), "pipeline_id", "upload pipeline", "the uploaded pipeline " + name);
            LOG.info("uploaded pipeline {} as {}", name, id);
            return id;
        } catch (KfpConflictException | PlatformRejectedException e) {
            // Lost a race with a concurrent create of the same name (409; some KFP versions answer a
            // duplicate name with another 4xx): use the winner's pipeline.
            String id = findPipeline(name).map(p -> pipelineId(p, name)).orElseThrow(() -> e);
            LOG.info("pipeline {} already existed on KFP as {}; adopted it", name, id);
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
            // The new version's id is only logged: it is found by name whenever it is needed.
            String versionId = api.upload("upload pipeline version", API + "/pipelines/upload_version", q,
                    PIPELINE_FILE_NAME, file).path("pipeline_version_id").asText("?");
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
        // No namespace: the Go provider lists (and uploads) pipelines without one.
        Map<String, String> q = query("filter", equalsFilter("display_name", name));
        return listAll("find pipeline", API + "/pipelines", q, "pipelines").stream()
                .filter(p -> name.equals(p.path("name").asText(p.path("display_name").asText())))
                .findFirst();
    }

    private static String pipelineId(JsonNode pipeline, String name) {
        return KfpAnswers.text(pipeline, "pipeline_id", "find pipeline", "pipeline " + name);
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
        List<JsonNode> platformSpecs = List.of();
        if (compiledPipeline.isTextual()) {
            List<JsonNode> documents = yamlDocuments(compiledPipeline.asText());
            compiledPipeline = documents.get(0);
            platformSpecs = documents.subList(1, documents.size());
        }
        CompiledPipeline compiled = CompiledPipeline.of(compiledPipeline);
        if (compiled.wrapped()) {
            LOG.debug("compiled pipeline is a PipelineJob; uploading the pipelineSpec inside it");
        }
        JsonNode spec = withMetadataInputs(compiled.spec());
        try {
            StringBuilder file = new StringBuilder(yaml.writeValueAsString(spec));
            for (JsonNode platformSpec : platformSpecs) {
                file.append(yaml.writeValueAsString(platformSpec));
            }
            return file.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDefinitionException("compiledPipeline cannot be written as YAML: " + e.getMessage());
        }
    }

    /**
     * The metadata keys declared as optional string inputs with default "", as the Go provider's
     * label service declares them: KFP refuses runtime parameters a pipeline does not declare, so
     * without them our runs (and the Go provider's) could not carry their metadata.
     */
    private JsonNode withMetadataInputs(JsonNode spec) {
        if (!spec.isObject()) {
            throw new InvalidDefinitionException("compiledPipeline must be a pipeline spec object");
        }
        ObjectNode copy = ((ObjectNode) spec).deepCopy();
        ObjectNode parameters = child(child(child(copy, "root"), "inputDefinitions"), "parameters");
        for (String key : OperatorMetadata.KEYS) {
            parameters.putObject(key)
                    .put("isOptional", true)
                    .put("parameterType", "STRING")
                    .put("defaultValue", "");
        }
        return copy;
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        if (existing != null && !existing.isNull()) {
            throw new InvalidDefinitionException("compiledPipeline: '" + field + "' must be an object");
        }
        return parent.putObject(field);
    }

    /** A compiled pipeline sent as text (YAML or JSON): the spec, then any platform specs after it. */
    private List<JsonNode> yamlDocuments(String text) {
        try (var parser = yaml.createParser(text)) {
            List<JsonNode> documents = new ArrayList<>();
            yaml.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
            documents.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
            if (documents.isEmpty() || !documents.get(0).isObject()) {
                throw new InvalidDefinitionException("compiledPipeline text is not a YAML or JSON pipeline spec");
            }
            return documents;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidDefinitionException invalid) {
                throw invalid;
            }
            throw new InvalidDefinitionException("compiledPipeline text cannot be read as YAML: " + e.getMessage());
        }
    }

    // ---- experiments -----------------------------------------------------------------------

    @Override
    public String createExperiment(ExperimentDefinition definition) {
        if (definition == null || isBlank(definition.name())) {
            throw new InvalidDefinitionException("experiment name is required");
        }
        String name = KfpNames.kfpName(definition.name());
        Optional<String> existing = findExperimentId(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        ObjectNode body = json.createObjectNode()
                .put("display_name", name)
                .put("description", Objects.requireNonNullElse(definition.description(), ""));
        settings.requestNamespace().ifPresent(ns -> body.put("namespace", ns));
        try {
            String id = KfpAnswers.text(api.postJson("create experiment", API + "/experiments", body),
                    "experiment_id", "create experiment", "the created experiment " + name);
            LOG.info("created experiment {} as {}", name, id);
            return id;
        } catch (KfpConflictException | PlatformRejectedException e) {
            // Created by someone else since the lookup (or by our own earlier create whose answer was lost).
            String id = findExperimentId(name).orElseThrow(() -> e);
            LOG.info("experiment {} already existed on KFP as {}; adopted it", name, id);
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
                .map(e -> KfpAnswers.text(e, "experiment_id", "find experiment", "experiment " + displayName))
                .findFirst();
    }

    // ---- runs ------------------------------------------------------------------------------

    @Override
    public String createRun(RunDefinition definition) {
        if (definition == null || isBlank(definition.name())) {
            throw new InvalidDefinitionException("run name is required");
        }
        requireField(definition.pipelineName(), "pipelineName");
        NamespacedName runName = NamespacedName.parse(definition.name());
        OperatorMetadata metadata = new OperatorMetadata(NamespacedName.parse(definition.pipelineName()),
                definition.pipelineVersion(), NamespacedName.parse(definition.runConfigurationName()), runName,
                Optional.ofNullable(definition.triggerIndicator()).map(KfpPlatform::trigger));
        // KFP runs have no labels and the metadata keys are declared pipeline inputs: a retry's attempt is in its display name.
        String displayName = runName.kfpName() + (definition.attemptNumber() > 1 ? "-attempt-" + definition.attemptNumber() : "");
        Optional<JsonNode> existing = findOurs("find run", API + "/runs", "runs", displayName,
                m -> runName.equals(m.run()));
        if (existing.isPresent()) {
            return KfpAnswers.text(existing.get(), "run_id", "find run", "run " + displayName);
        }
        ObjectNode body = json.createObjectNode().put("display_name", displayName);
        resolveExperimentId(definition.experimentName()).ifPresent(id -> body.put("experiment_id", id));
        body.set("pipeline_version_reference", pipelineVersionReference(definition.pipelineName(),
                definition.pipelineVersion()));
        body.set("runtime_config", runtimeConfig(definition.parameters(), metadata));
        String id = KfpAnswers.text(api.postJson("create run", API + "/runs", body), "run_id", "create run",
                "the created run " + displayName);
        LOG.info("created run {} as {}", displayName, id);
        return id;
    }

    /** KFP {@code :terminate}; the run stays, ends CANCELED and is reported as failed, stopped. */
    @Override
    public void stopRun(String id) {
        String path = API + "/runs/" + segment(id);
        JsonNode run = api.get("get run", path, Map.of());
        if (!RunCompletionMapper.isTerminal(run)) {
            api.post("terminate run", path + ":terminate");
            LOG.info("terminated run {}", id);
        }
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

    /**
     * A recurring run of this name and RunConfiguration that already is as defined is adopted.
     * Others of that name and RunConfiguration (e.g. left by the Go provider, or by an update whose
     * delete failed) are deleted once the new one exists, so none is duplicated.
     */
    @Override
    public String createRunSchedule(RunScheduleDefinition definition) {
        requireSchedule(definition);
        ObjectNode wanted = recurringRunBody(definition);
        List<JsonNode> sameName = schedulesNamed(definition, wanted);
        Optional<String> asDefined = sameName.stream().filter(r -> isAsDefined(r, wanted))
                .map(r -> r.path("recurring_run_id").asText()).findFirst();
        String id = asDefined.orElseGet(() -> createRecurringRun(definition, wanted));
        sameName.stream().filter(r -> id.equals(r.path("recurring_run_id").asText())).findFirst()
                .ifPresent(adopted -> applyMode(id, adopted, wanted));
        for (JsonNode stale : sameName) {
            String staleId = stale.path("recurring_run_id").asText();
            if (!staleId.equals(id)) {
                deleteRunSchedule(staleId);
                LOG.info("replaced recurring run {} of the same name by {}", staleId, id);
            }
        }
        return id;
    }

    /**
     * The new recurring run is created before the old one is deleted, so a failed create leaves
     * the old schedule firing. A retry after a failed delete finds the new one (another recurring
     * run of that name that is as defined) and only deletes the old one.
     */
    @Override
    public String updateRunSchedule(String id, RunScheduleDefinition definition) {
        requireSchedule(definition);
        if (definition.isSuspended()) {
            // The operator suspends a schedule whose pipeline is gone: nothing else can be resolved then.
            disableRunSchedule(id);
            LOG.info("disabled recurring run {} ({})", id, definition.name());
            return id;
        }
        ObjectNode wanted = recurringRunBody(definition);
        ResourceNotFoundException missing = null;
        try {
            JsonNode current = api.get("get recurring run", API + "/recurringruns/" + segment(id), Map.of());
            if (isAsDefined(current, wanted)) {
                // Only paused or resumed (or nothing KFP holds changed): in place, so it keeps its place.
                applyMode(id, current, wanted);
                return id;
            }
        } catch (ResourceNotFoundException gone) {
            // Fine if an earlier try already replaced it (its delete answered, the answer lost): found below.
            missing = gone;
        }
        Optional<String> replacement = schedulesNamed(definition, wanted).stream()
                .filter(r -> !id.equals(r.path("recurring_run_id").asText()))
                .filter(r -> isAsDefined(r, wanted))
                .map(r -> r.path("recurring_run_id").asText()).findFirst();
        if (replacement.isEmpty() && missing != null) {
            throw missing;
        }
        String newId = replacement.orElseGet(() -> createRecurringRun(definition, wanted));
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

    /** The recurring run as the Go provider creates it (display name {@code ns-name}, no description). */
    private ObjectNode recurringRunBody(RunScheduleDefinition definition) {
        // A schedule always carries its trigger keys in the Go provider, empty when there is no indicator.
        OperatorMetadata metadata = new OperatorMetadata(NamespacedName.parse(definition.pipelineName()),
                definition.pipelineVersion(), NamespacedName.parse(definition.runConfigurationName()),
                new NamespacedName("", ""), Optional.of(Optional.ofNullable(definition.triggerIndicator())
                        .map(KfpPlatform::trigger).orElse(new Trigger("", "", ""))));
        Schedule schedule = definition.schedule();
        requireCarriedOut(schedule);
        ObjectNode cron = json.createObjectNode().put("cron", KfpCron.toKfp(schedule.cronExpression()));
        if (schedule.startTime() != null) {
            cron.put("start_time", schedule.startTime().toInstant().toString());
        }
        if (schedule.endTime() != null) {
            cron.put("end_time", schedule.endTime().toInstant().toString());
        }
        ObjectNode body = json.createObjectNode()
                .put("display_name", KfpNames.kfpName(definition.name()));
        resolveExperimentId(definition.experimentName()).ifPresent(id -> body.put("experiment_id", id));
        body.set("pipeline_version_reference", pipelineVersionReference(definition.pipelineName(),
                definition.pipelineVersion()));
        body.set("runtime_config", runtimeConfig(definition.parameters(), metadata));
        // int64 travels as a JSON string in the proto3 JSON mapping. Forbid: KFP starts no run while one is active.
        int maxConcurrency = schedule.forbidsConcurrentRuns() ? 1 : settings.maxConcurrency();
        body.put("max_concurrency", String.valueOf(maxConcurrency));
        body.set("trigger", json.createObjectNode().set("cron_schedule", cron));
        body.put("mode", schedule.suspended() || definition.isSuspended() ? "DISABLE" : "ENABLE");
        // Without catchUp, after an outage or a pause start one run rather than one per missed interval.
        body.put("no_catchup", !schedule.catchingUp());
        return body;
    }

    /** What KFP's recurring runs cannot do is refused, naming the field, rather than done differently. */
    private void requireCarriedOut(Schedule schedule) {
        if (!schedule.zone().normalized().equals(settings.cronScheduleTimeZone().normalized())) {
            String zone = schedule.timeZone() == null ? "unset (UTC)" : "'" + schedule.timeZone() + "'";
            throw new PlatformRejectedException("schedule.timeZone " + zone + ": KFP reads every recurring run's cron in"
                    + " the time zone of its scheduled workflow controller (CRON_SCHEDULE_TIMEZONE), which is "
                    + settings.cronScheduleTimeZone() + " for this Provider (parameter " + KfpSettings.CRON_SCHEDULE_TIME_ZONE
                    + "); write the schedule in that zone or leave timeZone unset");
        }
        if (schedule.replacesRunningRun()) {
            throw new PlatformRejectedException("schedule.concurrencyPolicy Replace: a KFP recurring run cannot stop its running run"
                    + " to start the next (it has max_concurrency only); use Forbid or Allow");
        }
    }

    /** Enables or disables a recurring run that is otherwise as wanted: a pause or resume keeps its place (and what it missed). */
    private void applyMode(String id, JsonNode existing, ObjectNode wanted) {
        boolean disabled = "DISABLED".equals(existing.path("status").asText()) || "DISABLE".equals(existing.path("mode").asText())
                && !"ENABLED".equals(existing.path("status").asText());
        boolean disable = "DISABLE".equals(wanted.path("mode").asText());
        if (disable && !disabled) {
            disableRunSchedule(id);
            LOG.info("disabled recurring run {}", id);
        } else if (!disable && disabled) {
            enableRunSchedule(id);
            LOG.info("enabled recurring run {}", id);
        }
    }

    private String createRecurringRun(RunScheduleDefinition definition, ObjectNode body) {
        JsonNode created = api.postJson("create recurring run", API + "/recurringruns", body);
        String id = KfpAnswers.text(created, "recurring_run_id", "create recurring run",
                "the created recurring run " + body.path("display_name").asText());
        scheduleMetadata.put(id, OperatorMetadata.fromParameters(body.path("runtime_config").path("parameters")));
        LOG.info("created recurring run {} version {} as {}", body.path("display_name").asText(),
                definition.version(), id);
        return id;
    }

    /** Recurring runs with this display name whose metadata names the same RunConfiguration (its pipeline may change). */
    private List<JsonNode> schedulesNamed(RunScheduleDefinition definition, ObjectNode wanted) {
        OperatorMetadata ours = OperatorMetadata.fromParameters(wanted.path("runtime_config").path("parameters"))
                .orElseThrow();
        String displayName = wanted.path("display_name").asText();
        List<JsonNode> found = findAllOurs("find recurring run", API + "/recurringruns", "recurringRuns", displayName,
                m -> m.runConfiguration().equals(ours.runConfiguration()));
        // Each may be adopted or deleted by its id.
        found.forEach(r -> KfpAnswers.text(r, "recurring_run_id", "find recurring run", "recurring run " + displayName));
        return found;
    }

    /** Whether a recurring run on KFP already does what {@code wanted} asks (same version, parameters, trigger…). */
    private static boolean isAsDefined(JsonNode existing, ObjectNode wanted) {
        for (String field : List.of("experiment_id", "pipeline_version_reference", "max_concurrency", "no_catchup")) {
            if (!sameValue(existing.path(field), wanted.path(field))) {
                return false;
            }
        }
        return sameValue(existing.at("/runtime_config/parameters"), wanted.at("/runtime_config/parameters"))
                && sameValue(existing.at("/runtime_config/pipeline_root"), wanted.at("/runtime_config/pipeline_root"))
                && sameCron(existing.at("/trigger/cron_schedule"), wanted.at("/trigger/cron_schedule"));
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b) || (isAbsent(a) && isAbsent(b));
    }

    private static boolean sameCron(JsonNode a, JsonNode b) {
        return a.path("cron").asText("").equals(b.path("cron").asText(""))
                && sameInstant(a.path("start_time"), b.path("start_time"))
                && sameInstant(a.path("end_time"), b.path("end_time"));
    }

    private static boolean sameInstant(JsonNode a, JsonNode b) {
        Optional<OffsetDateTime> x = RunCompletionMapper.timestamp(a);
        Optional<OffsetDateTime> y = RunCompletionMapper.timestamp(b);
        return x.map(OffsetDateTime::toInstant).equals(y.map(OffsetDateTime::toInstant));
    }

    private static boolean isAbsent(JsonNode n) {
        return n.isMissingNode() || n.isNull() || (n.isTextual() && n.asText().isEmpty());
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
            if (finishedAt.isEmpty() && RunCompletionMapper.isUnreadableTimestamp(run.path("finished_at"))) {
                // Skipping it would lose its event for good once later runs move the watermark on.
                throw new KfpMalformedAnswerException("KFP list runs answered run " + run.path("run_id").asText("?")
                        + " (" + run.path("state").asText() + ") with finished_at " + KfpAnswers.describe(run.path("finished_at"))
                        + ", not a timestamp");
            }
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

    /**
     * As the Go provider's event source: the names are the run's runtime parameters (KFP copies a
     * recurring run's parameters into every run it starts, so runs of Go-created schedules carry
     * them too). Only a run without them falls back to its recurring run's.
     */
    private Optional<OperatorMetadata> metadataOf(JsonNode run) {
        Optional<OperatorMetadata> own = OperatorMetadata.fromParameters(run.at("/runtime_config/parameters"));
        if (own.isPresent()) {
            return own;
        }
        String scheduleId = run.path("recurring_run_id").asText("");
        if (scheduleId.isEmpty()) {
            return Optional.empty();
        }
        Optional<OperatorMetadata> known = scheduleMetadata.get(scheduleId);
        if (known != null) {
            return known;
        }
        Optional<OperatorMetadata> fetched;
        try {
            JsonNode schedule = api.get("get recurring run", API + "/recurringruns/" + segment(scheduleId), Map.of());
            fetched = OperatorMetadata.fromParameters(schedule.at("/runtime_config/parameters"));
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
        JsonNode pipeline = findPipeline(KfpNames.kfpName(pipelineName)).orElseThrow(() -> new PlatformRejectedException(
                "pipeline '" + pipelineName + "' does not exist on KFP"));
        String pipelineId = pipelineId(pipeline, KfpNames.kfpName(pipelineName));
        ObjectNode reference = json.createObjectNode().put("pipeline_id", pipelineId);
        // Without a version KFP runs the latest one, which is what an unversioned reference means.
        if (!isBlank(pipelineVersion)) {
            JsonNode version = findVersion(pipelineId, pipelineVersion).orElseThrow(() ->
                    new PlatformRejectedException("pipeline '" + pipelineName + "' has no version '"
                            + pipelineVersion + "' on KFP"));
            reference.put("pipeline_version_id", KfpAnswers.text(version, "pipeline_version_id", "find pipeline version",
                    "version " + pipelineVersion + " of pipeline " + pipelineName));
        }
        return reference;
    }

    private Optional<String> resolveExperimentId(String experimentName) {
        if (!isBlank(experimentName)) {
            String name = experimentLookupName(NamespacedName.parse(experimentName));
            return Optional.of(findExperimentId(name).orElseThrow(() -> new PlatformRejectedException(
                    "experiment '" + experimentName + "' (on KFP '" + name + "') does not exist on KFP")));
        }
        return settings.defaultExperiment().map(defaultName -> {
            String name = experimentLookupName(new NamespacedName("", defaultName));
            return findExperimentId(name).orElseThrow(() -> new PlatformRejectedException("default experiment '"
                    + name + "' (provider parameter '" + KfpSettings.DEFAULT_EXPERIMENT + "') does not exist on KFP"));
        });
    }

    /**
     * The display name a run's experiment is looked up by. As the Go provider does, in multi-user
     * mode the experiment is taken to be in the Provider's namespace whatever the run's is.
     */
    private String experimentLookupName(NamespacedName experiment) {
        Optional<String> namespace = settings.requestNamespace();
        return namespace.map(ns -> new NamespacedName(ns, experiment.name())).orElse(experiment).kfpName();
    }

    /**
     * The Go provider's runtime config: the user's parameters with the metadata over them (its keys
     * win), and the outputs under {@code <pipelineRoot>/<pipeline namespace>/<pipeline name>}.
     */
    private ObjectNode runtimeConfig(Map<String, String> parameters, OperatorMetadata metadata) {
        ObjectNode config = json.createObjectNode();
        ObjectNode values = config.putObject("parameters");
        if (parameters != null) {
            parameters.forEach(values::put);
        }
        metadata.toParameters(provider).forEach(values::put);
        settings.pipelineRoot().ifPresent(root -> config.put("pipeline_root",
                (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/" + metadata.pipeline().path()));
        return config;
    }

    /** The first object with this display name whose runtime parameters carry metadata matching {@code ours}. */
    private Optional<JsonNode> findOurs(String operation, String path, String itemsField, String displayName,
            Predicate<OperatorMetadata> ours) {
        return findAllOurs(operation, path, itemsField, displayName, ours).stream().findFirst();
    }

    private List<JsonNode> findAllOurs(String operation, String path, String itemsField, String displayName,
            Predicate<OperatorMetadata> ours) {
        Map<String, String> q = query("namespace", settings.requestNamespace().orElse(null),
                "filter", equalsFilter("display_name", displayName));
        return listAll(operation, path, q, itemsField).stream()
                .filter(o -> displayName.equals(o.path("display_name").asText()))
                .filter(o -> OperatorMetadata.fromParameters(o.at("/runtime_config/parameters"))
                        .filter(ours).isPresent())
                .toList();
    }

    private List<JsonNode> listAll(String operation, String path, Map<String, String> query, String itemsField) {
        List<JsonNode> items = new ArrayList<>();
        java.util.Set<String> tokensSeen = new java.util.HashSet<>();
        String pageToken = "";
        do {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("page_size", String.valueOf(PAGE_SIZE));
            if (!pageToken.isEmpty()) {
                q.put("page_token", pageToken);
            }
            JsonNode page = api.get(operation, path, q);
            // KFP's gateway writes the snake_case field name, older ones camelCase (recurringRuns).
            items.addAll(KfpAnswers.items(page, page.has(itemsField) ? itemsField : snake(itemsField), operation));
            pageToken = KfpAnswers.nextPageToken(page, operation);
            if (!pageToken.isEmpty() && !tokensSeen.add(pageToken)) {
                throw new KfpMalformedAnswerException("KFP " + operation + " answered next_page_token '"
                        + abbreviate(pageToken) + "' a second time: the list would never end");
            }
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

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
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

    private static Trigger trigger(TriggerIndicator indicator) {
        return new Trigger(indicator.type(), indicator.source(), indicator.sourceNamespace());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
