package io.kfpoperator.controller.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.admission.WebhookCertificate;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.controller.testing.Manifests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's HTTP contract as kube-apiserver uses it: AdmissionReview v1 POSTed over HTTPS,
 * the response for the same uid, a denial naming each field, and a review it cannot read answered
 * 400 with the reason rather than a crash.
 */
class AdmissionWebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    @TempDir
    static Path certDir;
    static TestCluster cluster;
    static AdmissionWebhookServer webhook;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.withOurCrds();
        cluster.server.createNamespace("kfp-operator");
        cluster.client.resource(Manifests.provider("kfp", """
                frameworks: [{name: tfx, image: "ghcr.io/example/tfx-compiler:1"}]
                allowedNamespaces: [default]
                """)).create();
        WebhookCertificate certificate = WebhookCertificate.selfSigned(List.of("127.0.0.1"), Duration.ofDays(1));
        webhook = AdmissionWebhookServer.start(0, certificate.writeTo(certDir), cluster.client);
        http = HttpClient.newBuilder().sslContext(trusting(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
        cluster.close();
    }

    private static SSLContext trusting(WebhookCertificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("webhook", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private record Answer(int code, JsonNode body) {
    }

    private static Answer post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + webhook.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String review(String uid, String operation, String objectYaml, String oldYaml) throws IOException {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", uid).put("operation", operation);
        JsonNode object = YAML.readTree(objectYaml);
        request.putObject("kind").put("group", "pipelines.kubeflow.org").put("version", "v1beta1").put("kind", object.path("kind").asText());
        request.put("name", object.path("metadata").path("name").asText()).put("namespace", object.path("metadata").path("namespace").asText());
        request.set("object", object);
        request.set("oldObject", oldYaml == null ? JSON.nullNode() : YAML.readTree(oldYaml));
        return JSON.writeValueAsString(review);
    }

    private static String pipeline(String namespace, String provider, String framework) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: penguin, namespace: %s}
                spec:
                  provider: %s
                  image: ghcr.io/example/penguin:1
                  framework: {name: %s, parameters: {pipeline: penguin.create_components}}
                """.formatted(namespace, provider, framework);
    }

    @Test
    void aValidPipelineIsAllowedAndTheUidIsEchoed() throws Exception {
        Answer answer = post("/validate", review("uid-valid", "CREATE", pipeline("default", "kfp-operator/kfp", "tfx"), null));

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.body().path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.body().path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(answer.body().path("response").path("uid").asText()).isEqualTo("uid-valid");
        assertThat(answer.body().path("response").path("allowed").asBoolean()).isTrue();
    }

    @Test
    void aPipelineNamingAMissingProviderIsDeniedWithTheFieldPath() throws Exception {
        // The Go operator's path for Pipelines serves the same checks.
        Answer answer = post("/validate-pipelines-kubeflow-org-v1beta1-pipeline",
                review("uid-missing", "CREATE", pipeline("default", "kfp-operator/absent", "tfx"), null));

        JsonNode response = answer.body().path("response");
        assertThat(answer.code()).isEqualTo(200);
        assertThat(response.path("uid").asText()).isEqualTo("uid-missing");
        assertThat(response.path("allowed").asBoolean(true)).isFalse();
        assertThat(response.path("status").path("code").asInt()).isEqualTo(422);
        assertThat(response.path("status").path("reason").asText()).isEqualTo("Invalid");
        assertThat(response.path("status").path("message").asText())
                .isEqualTo("Pipeline.pipelines.kubeflow.org \"penguin\" is invalid: spec.provider: Provider 'kfp-operator/absent' does not exist");
        assertThat(response.path("status").path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.provider");
    }

    @Test
    void aNamespaceTheProviderDoesNotAllowAndAFrameworkItDoesNotOfferAreDenied() throws Exception {
        cluster.server.createNamespace("team-b");
        JsonNode namespace = post("/validate", review("uid-ns", "CREATE", pipeline("team-b", "kfp-operator/kfp", "tfx"), null)).body();
        JsonNode framework = post("/validate", review("uid-fw", "CREATE", pipeline("default", "kfp-operator/kfp", "kfpsdk"), null)).body();

        assertThat(namespace.path("response").path("status").path("details").path("causes").get(0).path("field").asText())
                .isEqualTo("metadata.namespace");
        assertThat(framework.path("response").path("status").path("details").path("causes").get(0).path("field").asText())
                .isEqualTo("spec.framework.name");
        assertThat(framework.path("response").path("status").path("message").asText()).contains("framework 'kfpsdk' is not supported");
    }

    @Test
    void aProviderSettingAReservedEnvironmentVariableIsDenied() throws Exception {
        String provider = Manifests.provider("reserved", """
                podTemplateEnv: [{name: PROVIDERNAME, value: x}]
                """);

        JsonNode response = post("/validate", review("uid-env", "CREATE", provider, null)).body().path("response");

        assertThat(response.path("allowed").asBoolean(true)).isFalse();
        assertThat(response.path("status").path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.podTemplateEnv[0].name");
    }

    @Test
    void deletesStatusWritesAndMetadataOnlyUpdatesOfAResourceWhoseProviderWentAreAllowed() throws Exception {
        String orphan = pipeline("default", "kfp-operator/gone", "tfx");
        String withFinalizer = orphan.replace("metadata: {name: penguin, namespace: default}",
                "metadata: {name: penguin, namespace: default, finalizers: [pipelines.kubeflow.org/finalizer]}");

        assertThat(post("/validate", review("uid-del", "DELETE", orphan, orphan)).body().path("response").path("allowed").asBoolean()).isTrue();
        // Removing the finalizer must succeed, or a resource whose Provider was deleted could never be deleted.
        assertThat(post("/validate", review("uid-fin", "UPDATE", orphan, withFinalizer)).body().path("response").path("allowed").asBoolean())
                .isTrue();
        ObjectNode status = (ObjectNode) JSON.readTree(review("uid-status", "UPDATE", orphan, orphan));
        ((ObjectNode) status.path("request")).put("subResource", "status");
        assertThat(post("/validate", JSON.writeValueAsString(status)).body().path("response").path("allowed").asBoolean()).isTrue();
        // A spec change is checked against the Provider again.
        String changed = orphan.replace("penguin:1", "penguin:2");
        assertThat(post("/validate", review("uid-spec", "UPDATE", changed, orphan)).body().path("response").path("allowed").asBoolean(true))
                .isFalse();
    }

    @Test
    void aMalformedReviewIsAnswered400WithTheReason() throws Exception {
        Answer notJson = post("/validate", "{not json");
        Answer noUid = post("/validate", """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"operation": "CREATE", "object": {}}}
                """);
        Answer oldVersion = post("/validate", """
                {"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview", "request": {"uid": "u"}}
                """);
        Answer noObject = post("/validate", """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE"}}
                """);

        assertThat(notJson.code()).isEqualTo(400);
        assertThat(notJson.body().path("error").asText()).startsWith("the body is not JSON");
        assertThat(noUid.code()).isEqualTo(400);
        assertThat(noUid.body().path("error").asText()).isEqualTo("request.uid: is required");
        assertThat(oldVersion.code()).isEqualTo(400);
        assertThat(oldVersion.body().path("error").asText()).contains("admission.k8s.io/v1 AdmissionReview");
        assertThat(noObject.code()).isEqualTo(400);
        assertThat(noObject.body().path("error").asText()).isEqualTo("request.object: is required for CREATE");
        // Still serving.
        assertThat(post("/validate", review("uid-after", "CREATE", pipeline("default", "kfp-operator/kfp", "tfx"), null)).code()).isEqualTo(200);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(post("/mutate", "{}").code()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + webhook.port() + "/validate")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void aRotatedCertificateIsServedWithoutARestart(@TempDir Path dir) throws Exception {
        WebhookCertificate first = WebhookCertificate.selfSigned(List.of("127.0.0.1"), Duration.ofDays(1));
        try (AdmissionWebhookServer server = AdmissionWebhookServer.start(0, first.writeTo(dir), cluster.client)) {
            WebhookCertificate rotated = WebhookCertificate.selfSigned(List.of("127.0.0.1"), Duration.ofDays(2));
            rotated.writeTo(dir);
            HttpClient trustingRotated = HttpClient.newBuilder().sslContext(trusting(rotated)).build();

            HttpResponse<String> response = trustingRotated.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/validate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review("uid-rotated", "CREATE", pipeline("default", "kfp-operator/kfp", "tfx"), null)))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMissingCertificateStopsTheStartNamingTheDirectory(@TempDir Path empty) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdmissionWebhookServer.start(0, empty, cluster.client))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(empty.toString()).hasMessageContaining("spec.webhook.certDir");
    }
}
