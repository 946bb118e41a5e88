package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.testing.BadInput;
import io.kfpoperator.apiserver.testing.GeneratedTries;
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
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated bad manifests (issue #19): every example a user starts from (examples/*.yaml), with one
 * field dropped, nulled, of the wrong type, out of bounds, oddly named, deeply nested, unknown or
 * repeated, or its text cut short, POSTed as kubectl does ({@code fieldValidation=Strict}). Whatever
 * the change, the answer is what kube-apiserver gives (API conventions: a {@code Status} body):
 * 201 and the object stored whole, or 422 Invalid whose {@code details.causes[].field} names the
 * changed field (or one holding it), or 400 BadRequest for a body that is no object of this kind;
 * never a 5xx, never a hang.
 *
 * <p>1000 seeded tries (seed 19): {@code -DbadManifest.tries=…}, {@code -DbadManifest.seed=…}, and
 * {@code -DbadManifest.try=i} to re-run one (see {@link GeneratedTries}).
 */
class BadManifestGeneratedTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster();
    }

    @AfterAll
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

    record BadManifest(UserExample example, BadInput.Format format, BadInput.Mutation mutation) {
        @Override
        public String toString() {
            return example + " as " + (format == BadInput.Format.JSON_TEXT ? "JSON" : "YAML") + ": " + mutation;
        }

        /** What the server can read of it: the changed document, or what is left of a cut one when that is still YAML. */
        JsonNode readable() {
            if (!mutation.truncated()) {
                return mutation.document();
            }
            try {
                return format == BadInput.Format.YAML_TEXT ? BadInput.YAML.readTree(mutation.text()) : null;
            } catch (IOException cutShort) {
                return null;
            }
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

    static BadManifest badManifest(List<UserExample> examples, Random random) {
        UserExample example = GeneratedTries.oneOf(random, examples);
        // kubectl sends JSON (three in four); YAML bodies (curl, other clients) take the server's other reader, and a cut YAML
        // text may still be a document.
        BadInput.Format format = random.nextInt(4) < 3 ? BadInput.Format.JSON_TEXT : BadInput.Format.YAML_TEXT;
        return new BadManifest(example, format, BadInput.of(example.manifest(), format, random));
    }

    @Test
    void everyBadManifestIsStoredWholeOrRefusedNamingTheField() {
        List<UserExample> examples = examples();
        GeneratedTries tries = GeneratedTries.named("badManifest", 1000, 19);
        tries.run(random -> badManifest(examples, random), bad -> storedWholeOrRefusedNamingTheField(bad, tries));
    }

    private static void storedWholeOrRefusedNamingTheField(BadManifest bad, GeneratedTries tries) {
        BadInput.Mutation mutation = bad.mutation();
        UserExample example = bad.example();
        // Each input in a namespace of its own, so a changed name cannot meet an earlier one.
        String namespace = Conformance.namespace(cluster, "bad");
        String body = mutation.text().replace(NAMESPACE, namespace);
        String contentType = bad.format() == BadInput.Format.JSON_TEXT ? "application/json" : "application/yaml";

        Answer answer = send("POST", Conformance.path(namespace, example.plural(), null) + "?fieldValidation=Strict", contentType, body);
        tries.collect("answer", answer.code());
        tries.collect("kind", example.manifest().path("kind").asText());

        switch (answer.code()) {
            case 201 -> storedWhole(bad, namespace, answer.body());
            case 422 -> namesTheField(bad, answer.body());
            case 400 -> undecodable(bad, answer.body());
            default -> fail("%s answered %d: %s", bad, answer.code(), answer.raw());
        }
    }

    // ---------------------------------------------------------------- what the generated tries found, at its smallest

    private static ObjectNode example(String file) {
        return (ObjectNode) examples().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow().manifest().deepCopy();
    }

    private static Answer create(String plural, ObjectNode manifest) {
        String namespace = Conformance.namespace(cluster, "found");
        String body = BadInput.write(manifest, BadInput.Format.JSON_TEXT).replace(NAMESPACE, namespace);
        return send("POST", Conformance.path(namespace, plural, null) + "?fieldValidation=Strict", "application/json", body);
    }

    @Test
    void metadataThatIsNoObjectIsABadRequestNotAServerError() {
        ObjectNode manifest = example("pipeline-tfx.yaml");
        manifest.put("metadata", 7);

        Answer answer = create("pipelines", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("reason").asText()).isEqualTo("BadRequest");
        assertThat(answer.body().path("message").asText()).isEqualTo("Pipeline in version \"v1beta1\" cannot be handled as a Pipeline: "
                + "json: cannot unmarshal number into Go value of type v1.ObjectMeta");
    }

    @Test
    void apiVersionThatIsNoStringIsABadRequestNotFilledIn() {
        ObjectNode manifest = example("experiment.yaml");
        manifest.set("apiVersion", BadInput.JSON.createArrayNode().add(1).add("a"));

        Answer answer = create("experiments", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("the object provided is unrecognized (must be of type Experiment): "
                + "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go struct field .apiVersion of type string "
                + "({\"apiVersion\":[1,\"a\"],\"kind\":\" ...)");
    }

    @Test
    void apiVersionOfAVersionNotServedIsABadRequestNotRenamed() {
        ObjectNode manifest = example("experiment.yaml");
        manifest.put("apiVersion", "pipelines.kubeflow.org/v1beta1 ");

        Answer answer = create("experiments", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("the API version in the data (pipelines.kubeflow.org/v1beta1 ) "
                + "does not match the expected API version (pipelines.kubeflow.org/v1beta1)");
    }

    @Test
    void numberPastFloat64IsABadRequestNotTheStringInfinity() {
        ObjectNode manifest = example("00-provider.yaml");
        ((ObjectNode) manifest.get("spec").get("parameters")).set("restKfpApiUrl", BadInput.JSON.getNodeFactory().numberNode(new BigDecimal("1E+400")));

        Answer answer = create("providers", manifest);

        assertThat(answer.code()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("message").asText())
                .isEqualTo("the body of the request could not be decoded: strconv.ParseFloat: parsing \"1E+400\": value out of range");
    }

    /**
     * Refused as no object of this kind: a BadRequest Status whose message names the changed field (an unknown
     * field by its path, a metadata field by its Go name), or says why the text cannot be read at all.
     */
    private static void undecodable(BadManifest bad, JsonNode status) {
        BadInput.Mutation mutation = bad.mutation();
        assertThat(status.path("reason").asText()).as("%s", status).isEqualTo("BadRequest");
        String message = status.path("message").asText();
        if (mutation.truncated()) {
            // What is left names no field it lost; it is unreadable, or (YAML) no object of this kind.
            assertThat(message).isNotBlank();
            return;
        }
        List<String> segments = BadInput.segments(mutation.path());
        // (An unknown field named "" at the top has no segments: its path is "".)
        String field = segments.isEmpty() ? mutation.path() : segments.get(segments.size() - 1);
        // Go's decoder calls metadata ObjectMeta; a wrong version is "the API version in the data".
        String named = switch (field) {
            case "metadata" -> "ObjectMeta";
            case "apiVersion" -> "API version";
            default -> field;
        };
        assertThat(message).as("the message for %s", mutation).satisfiesAnyOf(
                m -> assertThat(m).contains(field),
                m -> assertThat(m).contains(named),
                // What kube-apiserver cannot read names no field either: nesting past the decoder's depth, a number past float64.
                m -> assertThat(m).contains("nesting depth"),
                m -> assertThat(m).contains("value out of range"));
    }

    /** Accepted: what a GET returns holds every value sent (defaults may be added, nulls are dropped as kube prunes them). */
    private static void storedWhole(BadManifest bad, String namespace, JsonNode created) {
        BadInput.Mutation mutation = bad.mutation();
        UserExample example = bad.example();
        JsonNode readable = bad.readable();
        assertThat(readable).as("a cut JSON body was accepted").isNotNull();
        String name = created.path("metadata").path("name").asText();
        Answer stored = send("GET", Conformance.path(namespace, example.plural(), name), "application/json", null);
        assertThat(stored.code()).as(stored.raw()).isEqualTo(200);
        assertThat(stored.body().path("metadata").path("resourceVersion").asText())
                .isEqualTo(created.path("metadata").path("resourceVersion").asText());
        // An empty apiVersion, kind or namespace is the request's (kube-apiserver fills them in from the URL).
        ObjectNode sent = (ObjectNode) BadInput.JSON.valueToTree(readable).deepCopy();
        if (sent.get("metadata") instanceof ObjectNode metadata && metadata.path("namespace").asText().equals(NAMESPACE)) {
            metadata.put("namespace", namespace);
        }
        for (String field : List.of("apiVersion", "kind")) {
            if (sent.path(field).asText("-").isEmpty()) {
                sent.remove(field);
            }
        }
        if (sent.get("metadata") instanceof ObjectNode metadata && metadata.path("namespace").asText("-").isEmpty()) {
            metadata.remove("namespace");
        }
        List<String> lost = new ArrayList<>();
        missing(sent, stored.body(), "", lost);
        assertThat(lost).as("values sent but not stored (%s)", mutation).isEmpty();
    }

    private static void missing(JsonNode sent, JsonNode stored, String path, List<String> lost) {
        if (sent.isNull()) {
            return;
        }
        if (sent.isObject()) {
            for (Map.Entry<String, JsonNode> field : sent.properties()) {
                missing(field.getValue(), stored == null ? null : stored.get(field.getKey()), path + "." + field.getKey(), lost);
            }
        } else if (sent.isArray()) {
            for (int i = 0; i < sent.size(); i++) {
                missing(sent.get(i), stored == null || !stored.isArray() ? null : stored.get(i), path + "[" + i + "]", lost);
            }
        } else if (stored == null || !same(sent, stored)) {
            lost.add(path + "=" + sent + " (stored: " + stored + ")");
        }
    }

    private static boolean same(JsonNode sent, JsonNode stored) {
        if (sent.isNumber() && stored.isNumber()) {
            return new BigDecimal(sent.asText()).compareTo(new BigDecimal(stored.asText())) == 0;
        }
        return sent.equals(stored);
    }

    /** Refused as invalid: a Status of reason Invalid whose causes name the changed field, or one that holds it. */
    private static void namesTheField(BadManifest bad, JsonNode status) {
        BadInput.Mutation mutation = bad.mutation();
        UserExample example = bad.example();
        assertThat(bad.readable()).as("a cut JSON body is no object to validate").isNotNull();
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("details").path("kind").asText()).isEqualTo(example.manifest().path("kind").asText());
        JsonNode causes = status.path("details").path("causes");
        assertThat(causes.isArray() && !causes.isEmpty()).as("causes of %s", status).isTrue();
        List<String> fields = new ArrayList<>();
        causes.forEach(cause -> fields.add(cause.path("field").asText()));
        assertThat(fields).as("fields named for %s: %s", mutation, status.path("message").asText())
                .anySatisfy(field -> assertThat(mutation.concerns(field)).isTrue());
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
