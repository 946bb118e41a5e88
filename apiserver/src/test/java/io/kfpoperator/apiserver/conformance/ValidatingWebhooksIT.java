package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static io.kfpoperator.apiserver.conformance.Conformance.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kfpoperator.apiserver.admission.WebhookCertificate;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kube-apiserver's ValidatingAdmissionWebhook plugin (k8s.io/apiserver admission/plugin/webhook:
 * validating dispatcher, rules matcher, errors.ToStatusErr; kubernetes.io "Dynamic Admission Control"):
 * which writes are sent, the AdmissionReview v1 the webhook gets, a denial passed on with the
 * webhook's code and message, and failurePolicy when the webhook is down, slow or answers nonsense.
 */
class ValidatingWebhooksIT {

    private static final WebhookCertificate CERTIFICATE = WebhookCertificate.selfSigned(List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
    private static TestCluster cluster;
    private static Kubectl kubectl;
    private FakeWebhook webhook;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster();
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void removeWebhooks() {
        cluster.client.admissionRegistration().v1().validatingWebhookConfigurations().delete();
        if (webhook != null) {
            webhook.close();
        }
    }

    /** A webhook on a free loopback port answering each review with {@code answer}. */
    static final class FakeWebhook implements AutoCloseable {
        final List<JsonNode> reviews = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        private final HttpsServer server;

        FakeWebhook(Function<JsonNode, JsonNode> answer) throws IOException {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(CERTIFICATE.serverContext()));
            server.createContext("/", exchange -> {
                try (exchange) {
                    JsonNode review = Conformance.JSON.readTree(exchange.getRequestBody());
                    reviews.add(review);
                    JsonNode response = answer.apply(review);
                    byte[] body = Conformance.JSON.writeValueAsBytes(response);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        String url() {
            return "https://127.0.0.1:" + server.getAddress().getPort() + "/validate";
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    static ObjectNode allow(JsonNode review) {
        ObjectNode out = Conformance.JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        out.putObject("response").put("uid", review.path("request").path("uid").asText()).put("allowed", true).putArray("warnings").add("looked at it");
        return out;
    }

    static ObjectNode deny(JsonNode review, String statusJson) {
        ObjectNode out = Conformance.JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode response = out.putObject("response").put("uid", review.path("request").path("uid").asText()).put("allowed", false);
        if (statusJson != null) {
            response.set("status", Conformance.json(statusJson));
        }
        return out;
    }

    private static void register(String url, String extra) {
        register(url, extra, "[pipelines]", "[CREATE, UPDATE]");
    }

    /** Replaces the test configuration (kubectl apply of a change would send a strategic merge patch, which this server reads as a merge patch). */
    private static void register(String url, String extra, String resources, String operations) {
        kubectl.run("delete", "validatingwebhookconfiguration", "test-webhooks", "--ignore-not-found");
        Kubectl.Result applied = kubectl.runWithInput("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: test-webhooks
                webhooks:
                - name: vpipeline.example.com
                  admissionReviewVersions: [v1]
                  sideEffects: None
                  clientConfig:
                    url: %s
                    caBundle: %s
                  rules:
                  - apiGroups: [pipelines.kubeflow.org]
                    apiVersions: [v1beta1]
                    operations: %s
                    resources: %s
                %s
                """.formatted(url, CERTIFICATE.caBundle(), operations, resources, extra.indent(2)), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
    }

    private static Answer createPipeline(String namespace, String name) {
        return http(cluster, "POST", path(namespace, "pipelines", null), "application/yaml", pipeline(namespace, name));
    }

    private static String freeClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "https://127.0.0.1:" + socket.getLocalPort() + "/validate";
        }
    }

    @Test
    void aMatchingWriteIsSentAsAnAdmissionReviewV1AndItsWarningsReachTheClient() throws IOException {
        webhook = new FakeWebhook(ValidatingWebhooksIT::allow);
        register(webhook.url(), "");
        String ns = Conformance.namespace(cluster, "webhook-review");

        Kubectl.Result created = kubectl.runWithInput(pipeline(ns, "sent"), "apply", "-f", "-");

        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(created.err()).contains("Warning: looked at it");
        JsonNode request = webhook.reviews.get(0).path("request");
        assertThat(webhook.reviews.get(0).path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(request.path("uid").asText()).isNotEmpty();
        assertThat(request.path("operation").asText()).isEqualTo("CREATE");
        assertThat(request.path("kind").path("kind").asText()).isEqualTo("Pipeline");
        assertThat(request.path("resource").path("resource").asText()).isEqualTo("pipelines");
        assertThat(request.path("namespace").asText()).isEqualTo(ns);
        assertThat(request.path("name").asText()).isEqualTo("sent");
        assertThat(request.path("object").path("spec").path("image").asText()).isEqualTo("ghcr.io/example/hello-world:v1");
        assertThat(request.path("oldObject").isNull()).isTrue();
        assertThat(request.path("dryRun").asBoolean(true)).isFalse();
    }

    @Test
    void onlyMatchingOperationsAndResourcesAreSentAndStatusWritesAreNot() throws IOException {
        webhook = new FakeWebhook(ValidatingWebhooksIT::allow);
        register(webhook.url(), "", "[pipelines]", "[UPDATE]");
        String ns = Conformance.namespace(cluster, "webhook-rules");

        assertThat(createPipeline(ns, "created").code()).isEqualTo(201);
        assertThat(webhook.reviews).isEmpty();

        Answer status = http(cluster, "PATCH", path(ns, "pipelines", "created") + "/status", "application/merge-patch+json",
                "{\"status\": {\"observedGeneration\": 1}}");
        assertThat(status.code()).as(status.raw()).isEqualTo(200);
        assertThat(webhook.reviews).isEmpty();

        Answer update = http(cluster, "PATCH", path(ns, "pipelines", "created"), "application/merge-patch+json",
                "{\"metadata\": {\"labels\": {\"a\": \"b\"}}}");
        assertThat(update.code()).as(update.raw()).isEqualTo(200);
        assertThat(webhook.reviews).hasSize(1);
        assertThat(webhook.reviews.get(0).path("request").path("operation").asText()).isEqualTo("UPDATE");
        assertThat(webhook.reviews.get(0).path("request").path("oldObject").path("metadata").path("labels").isMissingNode()).isTrue();
    }

    @Test
    void aDenialIsAnsweredWithTheWebhooksCodeItsMessagePrefixedAndItsCauses() throws IOException {
        webhook = new FakeWebhook(review -> deny(review, """
                {"code": 422, "reason": "Invalid", "message": "Pipeline.pipelines.kubeflow.org \\"bad\\" is invalid: spec.provider: missing",
                 "details": {"name": "bad", "group": "pipelines.kubeflow.org", "kind": "Pipeline",
                             "causes": [{"reason": "FieldValueInvalid", "field": "spec.provider", "message": "missing"}]}}
                """));
        register(webhook.url(), "");
        String ns = Conformance.namespace(cluster, "webhook-deny");

        Answer refused = createPipeline(ns, "bad");

        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.body().path("reason").asText()).isEqualTo("Invalid");
        assertThat(refused.body().path("kind").asText()).isEqualTo("Status");
        assertThat(refused.body().path("message").asText()).isEqualTo("admission webhook \"vpipeline.example.com\" denied the request: "
                + "Pipeline.pipelines.kubeflow.org \"bad\" is invalid: spec.provider: missing");
        assertThat(refused.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.provider");
        assertThat(cluster.client.genericKubernetesResources(Conformance.API_VERSION, "Pipeline").inNamespace(ns).withName("bad").get()).isNull();

        // kubectl prints a 422 with causes from its details (as against kube-apiserver): the field path, not the prefix.
        Kubectl.Result applied = kubectl.runWithInput(pipeline(ns, "bad"), "apply", "-f", "-");
        assertThat(applied.exitCode()).isNotZero();
        assertThat(applied.err()).contains("The Pipeline \"bad\" is invalid").contains("spec.provider: missing");
    }

    @Test
    void aDenialWithoutCodeOrMessageIs400WithoutExplanation() throws IOException {
        webhook = new FakeWebhook(review -> deny(review, null));
        register(webhook.url(), "");

        Answer refused = createPipeline(Conformance.namespace(cluster, "webhook-bare"), "bare");

        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.body().path("message").asText()).isEqualTo("admission webhook \"vpipeline.example.com\" denied the request without explanation");
    }

    @Test
    void failurePolicyFailRefusesWhenTheWebhookIsDownAndIgnoreAdmits() throws IOException {
        String down = freeClosedPort();
        register(down, "failurePolicy: Fail");
        String ns = Conformance.namespace(cluster, "webhook-down");

        Answer refused = createPipeline(ns, "refused");

        assertThat(refused.code()).isEqualTo(500);
        assertThat(refused.body().path("reason").asText()).isEqualTo("InternalError");
        assertThat(refused.body().path("message").asText()).startsWith("Internal error occurred: failed calling webhook \"vpipeline.example.com\": "
                + "failed to call webhook: Post \"" + down + "?timeout=10s\": dial tcp 127.0.0.1:").endsWith("connect: connection refused");

        register(down, "failurePolicy: Ignore");
        assertThat(createPipeline(ns, "admitted").code()).isEqualTo(201);
    }

    @Test
    void aWebhookSlowerThanTimeoutSecondsFailsTheRequestUnderFailAndIsPassedOverUnderIgnore() throws IOException {
        FakeWebhook slow = new FakeWebhook(review -> {
            try {
                slow().release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return allow(review);
        });
        webhook = slow;
        SLOW = slow;
        register(slow.url(), "timeoutSeconds: 1");
        String ns = Conformance.namespace(cluster, "webhook-slow");

        Answer refused = createPipeline(ns, "timed-out");

        assertThat(refused.code()).isEqualTo(500);
        assertThat(refused.body().path("message").asText()).contains("failed calling webhook \"vpipeline.example.com\"")
                .contains("?timeout=1s\"").endsWith("context deadline exceeded");

        register(slow.url(), "timeoutSeconds: 1\nfailurePolicy: Ignore");
        assertThat(createPipeline(ns, "passed-over").code()).isEqualTo(201);
    }

    private static FakeWebhook SLOW;

    private static FakeWebhook slow() {
        return SLOW;
    }

    @Test
    void aResponseForAnotherUidIsACallFailure() throws IOException {
        webhook = new FakeWebhook(review -> {
            ObjectNode answer = allow(review);
            ((ObjectNode) answer.path("response")).put("uid", "someone-else");
            return answer;
        });
        register(webhook.url(), "");

        Answer refused = createPipeline(Conformance.namespace(cluster, "webhook-uid"), "uid");

        assertThat(refused.code()).isEqualTo(500);
        assertThat(refused.body().path("message").asText()).contains("received invalid webhook response: expected response.uid=\"")
                .endsWith("got \"someone-else\"");
    }

    @Test
    void aServerCertificateTheCaBundleDoesNotTrustIsACallFailure() throws IOException {
        WebhookCertificate other = WebhookCertificate.selfSigned(List.of("127.0.0.1"), Duration.ofDays(1));
        webhook = new FakeWebhook(ValidatingWebhooksIT::allow);
        Kubectl.Result applied = kubectl.runWithInput("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: test-webhooks}
                webhooks:
                - name: vpipeline.example.com
                  admissionReviewVersions: [v1]
                  sideEffects: None
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["pipelines"]}]
                """.formatted(webhook.url(), other.caBundle()), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.all()).isZero();

        Answer refused = createPipeline(Conformance.namespace(cluster, "webhook-tls"), "untrusted");

        assertThat(refused.code()).isEqualTo(500);
        assertThat(refused.body().path("message").asText()).contains("x509: certificate signed by unknown authority");
        assertThat(webhook.reviews).isEmpty();
    }

    @Test
    void aDryRunIsSentMarkedDryRunAndNothingIsStored() throws IOException {
        webhook = new FakeWebhook(ValidatingWebhooksIT::allow);
        register(webhook.url(), "");
        String ns = Conformance.namespace(cluster, "webhook-dry");

        Kubectl.Result dry = kubectl.runWithInput(pipeline(ns, "dry"), "apply", "--dry-run=server", "-f", "-");

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(webhook.reviews.get(0).path("request").path("dryRun").asBoolean()).isTrue();
        assertThat(cluster.client.genericKubernetesResources(Conformance.API_VERSION, "Pipeline").inNamespace(ns).withName("dry").get()).isNull();
    }

    @Test
    void aNamespaceSelectorLimitsTheWebhookToLabelledNamespaces() throws IOException {
        webhook = new FakeWebhook(review -> deny(review, "{\"message\": \"no\"}"));
        register(webhook.url(), "namespaceSelector: {matchLabels: {validated: \"yes\"}}");
        String plain = Conformance.namespace(cluster, "webhook-plain");
        String labelled = Conformance.namespace(cluster, "webhook-labelled");
        assertThat(kubectl.run("label", "namespace", labelled, "validated=yes").exitCode()).isZero();

        assertThat(createPipeline(plain, "p").code()).isEqualTo(201);
        assertThat(createPipeline(labelled, "p").code()).isEqualTo(400);
    }

    @Test
    void aWebhookConfigurationWithoutSideEffectsOrWithAPlainHttpUrlIsRefusedNamingTheField() {
        Kubectl.Result refused = kubectl.runWithInput("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: broken}
                webhooks:
                - name: vbroken.example.com
                  admissionReviewVersions: [v1]
                  clientConfig: {url: "http://127.0.0.1:1/validate"}
                  timeoutSeconds: 31
                """, "apply", "-f", "-");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("webhooks[0].clientConfig.url").contains("'https' is the only allowed URL scheme")
                .contains("webhooks[0].sideEffects: Required value").contains("webhooks[0].timeoutSeconds");
    }

    @Test
    void webhookConfigurationsThemselvesAreNeverSentToWebhooks() throws IOException {
        String down = freeClosedPort();
        Kubectl.Result everything = kubectl.runWithInput("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: test-webhooks}
                webhooks:
                - name: veverything.example.com
                  admissionReviewVersions: [v1]
                  sideEffects: None
                  failurePolicy: Fail
                  clientConfig: {url: "%s"}
                  rules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*/*"]}]
                """.formatted(down), "apply", "-f", "-");
        assertThat(everything.exitCode()).as(everything.all()).isZero();
        Kubectl.Result configMap = kubectl.run("create", "configmap", "refused", "-n", "default");
        assertThat(configMap.exitCode()).isNotZero();
        assertThat(configMap.err()).contains("failed calling webhook \"veverything.example.com\"");

        Kubectl.Result replaced = kubectl.runWithInput("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: test-webhooks}
                webhooks: []
                """, "replace", "-f", "-");
        assertThat(replaced.exitCode()).as(replaced.all()).isZero();
        assertThat(yaml(kubectl.run("get", "validatingwebhookconfiguration", "test-webhooks", "-o", "yaml").out()).path("webhooks").size()).isZero();
    }
}
