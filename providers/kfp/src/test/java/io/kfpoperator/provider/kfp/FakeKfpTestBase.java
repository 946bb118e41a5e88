package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kfpoperator.provider.contract.Framework;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.contract.TriggerIndicator;
import io.kfpoperator.provider.kfp.fake.FakeKfpApi;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.kfp.fake.ReferenceSpecs;
import io.kfpoperator.provider.spi.PlatformConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A KfpPlatform talking HTTP to a fresh stateful fake KFP; every exchange is checked against the swagger. */
abstract class FakeKfpTestBase {

    static final String PROVIDER = "kfp-system/kfp";
    static final String PIPELINE_ROOT = "gs://bucket/pipeline-root";

    FakeKfpServer server;
    FakeKfpApi kfp;
    KfpPlatform platform;

    @BeforeEach
    void startFakeKfp() {
        server = new FakeKfpServer();
        kfp = server.api();
        platform = platform(Map.of());
    }

    @AfterEach
    void requestsMatchedTheKfpApi() {
        try {
            assertThat(kfp.violations()).as("requests and responses against the KFP v2beta1 swagger").isEmpty();
        } finally {
            server.close();
        }
    }

    KfpPlatform platform(Map<String, String> extraParameters) {
        Map<String, String> parameters = new HashMap<>(extraParameters);
        parameters.putIfAbsent(KfpSettings.REST_KFP_API_URL, server.baseUrl());
        return (KfpPlatform) new KfpPlatformFactory().create(new PlatformConfig(PROVIDER, PIPELINE_ROOT, parameters));
    }

    static JsonNode compiledPipeline() {
        try {
            return new YAMLMapper().readTree(ReferenceSpecs.kfpV2beta1().resolve("pipeline-ir-two-step-sample.yaml")
                    .toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metadata keys the Go provider's label service declares as pipeline inputs (provider-service/base/pkg/label). */
    static final List<String> GO_LABEL_KEYS = List.of("provider-name", "provider-namespace", "pipeline-name",
            "pipeline-namespace", "pipeline-version", "runconfiguration-name", "runconfiguration-namespace",
            "run-name", "run-namespace", "trigger-type", "trigger-source", "trigger-source-namespace");

    /** A pipeline spec as the Go provider uploads it: each label key an optional STRING input defaulting to "". */
    static JsonNode withGoLabelInputs(JsonNode spec) {
        ObjectNode copy = spec.deepCopy();
        ObjectNode root = copy.has("root") ? (ObjectNode) copy.get("root") : copy.putObject("root");
        ObjectNode inputs = root.has("inputDefinitions") ? (ObjectNode) root.get("inputDefinitions")
                : root.putObject("inputDefinitions");
        ObjectNode parameters = inputs.has("parameters") ? (ObjectNode) inputs.get("parameters")
                : inputs.putObject("parameters");
        for (String key : GO_LABEL_KEYS) {
            parameters.putObject(key).put("isOptional", true).put("parameterType", "STRING").put("defaultValue", "");
        }
        return copy;
    }

    static PipelineDefinition pipeline(String name, String version) {
        return new PipelineDefinition(name, version, "registry/image:" + version, List.of(),
                new Framework("static", Map.of()));
    }

    String createPipeline(String name, String version) {
        return platform.createPipeline(pipeline(name, version), compiledPipeline());
    }

    static RunDefinition run(String name, String pipelineName, String pipelineVersion, String runConfiguration) {
        return new RunDefinition(name, "run-v1", pipelineName, pipelineVersion, runConfiguration, "",
                Map.of("text", "hello"), List.of(), new TriggerIndicator("onChangeRunSpec", "rc", "ns"));
    }

    static RunScheduleDefinition schedule(String name, String version, String cron) {
        return new RunScheduleDefinition(name, version, "ns/pipeline", "v1", "ns/rc", "",
                new Schedule(cron, null, null), Map.of("text", "hello"), List.of(),
                new TriggerIndicator("schedule", "rc", "ns"));
    }
}
