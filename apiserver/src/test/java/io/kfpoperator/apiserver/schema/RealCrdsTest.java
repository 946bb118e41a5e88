package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kfpoperator.apiserver.schema.Yaml.messages;
import static org.assertj.core.api.Assertions.assertThat;

/** Our CRDs (from kfp-operator-api) and the repository's examples, as kube-apiserver would take them. */
class RealCrdsTest {

    private static final List<String> PLURALS = List.of("providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs");

    /** A served version of one CRD. */
    record Served(JsonNode crd, StructuralSchema schema) {
        boolean namespaced() {
            return "Namespaced".equals(crd.at("/spec/scope").asText());
        }
    }

    /** "Kind group/version" to its schema. */
    private static final Map<String, Served> BY_KIND_AND_VERSION = loadCrds();

    private static Map<String, Served> loadCrds() {
        Map<String, Served> out = new HashMap<>();
        for (String plural : PLURALS) {
            String resource = "io/kfpoperator/api/crds/pipelines.kubeflow.org_" + plural + ".yaml";
            try (InputStream in = RealCrdsTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                JsonNode crd = Yaml.YAML.readTree(in);
                for (JsonNode version : crd.at("/spec/versions")) {
                    String key = crd.at("/spec/names/kind").asText() + " " + crd.at("/spec/group").asText() + "/" + version.get("name").asText();
                    out.put(key, new Served(crd, StructuralSchema.of(version.at("/schema/openAPIV3Schema"))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static Served servedFor(JsonNode object) {
        Served served = BY_KIND_AND_VERSION.get(object.get("kind").asText() + " " + object.get("apiVersion").asText());
        assertThat(served).as("a CRD serving %s %s", object.get("kind"), object.get("apiVersion")).isNotNull();
        return served;
    }

    private static Path examplesDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/00-provider.yaml"))) {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/ directory above " + Path.of("").toAbsolutePath());
    }

    /** Every document of every examples/*.yaml. */
    static Stream<ObjectNode> examples() throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(examplesDirectory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = Yaml.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc instanceof ObjectNode object && object.has("kind")) {
                            out.add(object);
                        }
                    }
                }
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(PLURALS.size());
        return out.stream();
    }

    @Test
    void everyCrdVersionReadsAsAStructuralSchema() {
        assertThat(BY_KIND_AND_VERSION.keySet()).contains(
                "Provider pipelines.kubeflow.org/v1beta1", "Pipeline pipelines.kubeflow.org/v1beta1",
                "Experiment pipelines.kubeflow.org/v1beta1", "RunConfiguration pipelines.kubeflow.org/v1beta1",
                "RunSchedule pipelines.kubeflow.org/v1beta1", "Run pipelines.kubeflow.org/v1beta1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleIsValidAndLosesNoField(ObjectNode example) {
        Served served = servedFor(example);
        ObjectNode object = example.deepCopy();

        assertThat(served.schema().prune(object)).as("pruned fields").isEmpty();
        assertThat(object).as("nothing dropped").isEqualTo(example);
        served.schema().applyDefaults(object);
        assertThat(messages(served.schema().validate(object))).as("schema errors").isEmpty();
        assertThat(messages(ObjectMetaValidation.validate(object.get("metadata"), served.namespaced()))).as("metadata errors").isEmpty();
        assertThat(served.schema().validateUpdate(object, object)).isEmpty();
    }

    private static ObjectNode example(String kind) throws IOException {
        return examples().filter(e -> e.get("kind").asText().equals(kind)).findFirst().orElseThrow().deepCopy();
    }

    private static ObjectNode example(String kind, String name) throws IOException {
        return examples().filter(e -> e.get("kind").asText().equals(kind) && e.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow().deepCopy();
    }

    @Test
    void aMistypedScheduleIsReportedWithKubeApiserversPath() throws IOException {
        ObjectNode rc = example("RunConfiguration", "hello-world-hourly");
        ((ObjectNode) rc.at("/spec/triggers/schedules/0")).put("cronExpression", 5);
        ((ObjectNode) rc.at("/spec/run")).put("provider", "Not A Provider");
        ((ObjectNode) rc.at("/spec/triggers")).putArray("onChange").add("never");

        assertThat(messages(servedFor(rc).schema().validate(rc))).containsExactlyInAnyOrder(
                "spec.triggers.schedules[0].cronExpression: Invalid value: \"integer\": "
                        + "spec.triggers.schedules[0].cronExpression in body must be of type string: \"integer\"",
                "spec.run.provider: Invalid value: \"Not A Provider\": spec.run.provider in body should match "
                        + "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
                "spec.triggers.onChange[0]: Unsupported value: \"never\": supported values: \"pipeline\", \"runSpec\"");
    }

    @Test
    void unknownFieldsOfAnExampleArePrunedAndReported() throws IOException {
        ObjectNode run = example("Run");
        ((ObjectNode) run.get("spec")).put("colour", "blue");
        ((ObjectNode) run.at("/spec/parameters/0")).put("typo", true);

        assertThat(servedFor(run).schema().prune(run)).containsExactly("spec.colour", "spec.parameters[0].typo");
        assertThat(run.get("spec").has("colour")).isFalse();
    }

    @Test
    void providerParametersKeepWhateverTheyHold() throws IOException {
        ObjectNode provider = example("Provider");
        ((ObjectNode) provider.at("/spec/parameters")).putObject("nested").put("deep", 1);

        assertThat(servedFor(provider).schema().prune(provider)).isEmpty();
        assertThat(provider.at("/spec/parameters/nested/deep").intValue()).isEqualTo(1);
    }

    @Test
    void validationIsFastEnoughForEveryWrite() throws IOException {
        List<ObjectNode> all = examples().toList();
        long start = System.nanoTime();
        int rounds = 1_000;
        for (int i = 0; i < rounds; i++) {
            for (ObjectNode example : all) {
                Served served = servedFor(example);
                ObjectNode copy = example.deepCopy();
                served.schema().prune(copy);
                served.schema().applyDefaults(copy);
                assertThat(served.schema().validate(copy)).isEmpty();
            }
        }
        double microsPerObject = (System.nanoTime() - start) / 1_000.0 / (rounds * all.size());
        // Generous: a few microseconds on a laptop; this only catches something gone quadratic.
        assertThat(microsPerObject).isLessThan(2_000);
    }
}
