package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.testing.BadInput;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad manifests (issue #19), each one of examples/*.yaml with one change, POSTed as kubectl does
 * ({@code fieldValidation=Strict}): the answer is what kube-apiserver gives (API conventions: a
 * {@code Status} body), never a 5xx and never a changed object stored.
 */
class BadManifestPropertyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static TestCluster cluster;

    @BeforeContainer
    static void start() {
        cluster = Conformance.cluster();
    }

    @AfterContainer
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Stands for the namespace of each try in the examples, so that a change can be made to it like to any field. */
    private static final String NAMESPACE = "namespace-of-this-try";

    /** One of examples/*.yaml: a manifest of one kind, valid as it is (in {@link #NAMESPACE}). */
    record UserExample(String file, String plural, JsonNode manifest) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<UserExample> examples() {
        Path dir = Conformance.repositoryRoot().resolve("examples");
        try (Stream<Path> files = Files.list(dir)) {
            List<UserExample> examples = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode manifest = Conformance.YAML.readTree(file.toFile());
                ((ObjectNode) manifest.get("metadata")).put("namespace", NAMESPACE);
                String plural = manifest.path("kind").asText().toLowerCase(Locale.ROOT) + "s";
                examples.add(new UserExample(file.getFileName().toString(), plural, manifest));
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- bad manifests found by generated input (shrunk)

    private static ObjectNode example(String file) {
        return (ObjectNode) examples().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow().manifest().deepCopy();
    }

    private static Answer create(String plural, ObjectNode manifest) {
        String namespace = Conformance.namespace(cluster, "found");
        String body = BadInput.write(manifest, BadInput.Format.JSON_TEXT).replace(NAMESPACE, namespace);
        return send("POST", Conformance.path(namespace, plural, null) + "?fieldValidation=Strict", "application/json", body);
    }

    @Example
    void metadataThatIsNoObjectIsABadRequestNotAServerError() {
        ObjectNode manifest = example("pipeline-tfx.yaml");
        manifest.put("metadata", 7);

        Answer answer = create("pipelines", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("reason").asText()).isEqualTo("BadRequest");
        assertThat(answer.body().path("message").asText()).isEqualTo("Pipeline in version \"v1beta1\" cannot be handled as a Pipeline: "
                + "json: cannot unmarshal number into Go value of type v1.ObjectMeta");
    }

    @Example
    void apiVersionThatIsNoStringIsABadRequestNotFilledIn() {
        ObjectNode manifest = example("experiment.yaml");
        manifest.set("apiVersion", BadInput.JSON.createArrayNode().add(1).add("a"));

        Answer answer = create("experiments", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("the object provided is unrecognized (must be of type Experiment): "
                + "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go struct field .apiVersion of type string "
                + "({\"apiVersion\":[1,\"a\"],\"kind\":\" ...)");
    }

    @Example
    void apiVersionOfAVersionNotServedIsABadRequestNotRenamed() {
        ObjectNode manifest = example("experiment.yaml");
        manifest.put("apiVersion", "pipelines.kubeflow.org/v1beta1 ");

        Answer answer = create("experiments", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("the API version in the data (pipelines.kubeflow.org/v1beta1 ) "
                + "does not match the expected API version (pipelines.kubeflow.org/v1beta1)");
    }

    @Example
    void numberPastFloat64IsABadRequestNotTheStringInfinity() {
        ObjectNode manifest = example("00-provider.yaml");
        ((ObjectNode) manifest.get("spec").get("parameters")).set("restKfpApiUrl", BadInput.JSON.getNodeFactory().numberNode(new BigDecimal("1E+400")));

        Answer answer = create("providers", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("message").asText())
                .isEqualTo("the body of the request could not be decoded: strconv.ParseFloat: parsing \"1E+400\": value out of range");
    }

    record Answer(int code, JsonNode body, String raw) {
    }

    private static Answer send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.server.uri() + path)).timeout(ANSWER_WITHIN)
                .header("Accept", "application/json").header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = Conformance.JSON.readTree(response.body());
            } catch (IOException notJson) {
                parsed = Conformance.JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), parsed == null ? Conformance.JSON.createObjectNode() : parsed, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer within " + ANSWER_WITHIN + " to " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
