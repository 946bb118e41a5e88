package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With {@code spec.events.token} set, only requests carrying it as a bearer token are processed. */
class EndpointTokenIT extends EventsTestBase {

    private static final String TOKEN = "s3cret-token";
    private static final String BODY = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null,
            "default/nobody", "run-1", null, null, List.of(), PROVIDER_NAME));

    @Override
    protected String token() {
        return TOKEN;
    }

    @Test
    void missingOrWrongTokenIs401AndTheRightOneIsProcessed() {
        HttpResponse<String> missing = post("application/json", BODY, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(post("application/json", BODY, "s3cret-tokem").statusCode()).isEqualTo(401);
        assertThat(post("application/json", BODY, TOKEN + "x").statusCode()).isEqualTo(401);
        // Nothing about the body is revealed before the caller is authenticated.
        assertThat(post("text/plain", "", null).statusCode()).isEqualTo(401);

        // Authenticated, the event is looked at: here its Run does not exist.
        assertThat(post("application/json", BODY, TOKEN).statusCode()).isEqualTo(410);
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "unauthorized")).isEqualTo(4);
    }

    /** A Go provider image sends no token: its Provider says serviceContract go, and its events are taken for its own resources only. */
    @Test
    void eventsOfAProviderWithTheGoContractAreTakenWithoutTheTokenOthersAreNot() {
        harness.apply(io.kfpoperator.controller.testing.Manifests.provider("go-kfp", "serviceContract: go"));
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: go-run, namespace: default}
                spec: {provider: kfp-operator/go-kfp, pipeline: hello}
                """);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: our-run, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);

        String goEvent = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null,
                "default/go-run", "go-run-1", null, null, List.of(), "kfp-operator/go-kfp"));
        assertThat(post("application/json", goEvent, null).statusCode()).isEqualTo(200);
        awaitResource(io.kfpoperator.api.v1beta1.Run.class, "go-run",
                r -> r.getStatus() != null && r.getStatus().getCompletionState() != null);

        // Our own Provider's events still need it.
        String ourEvent = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null,
                "default/our-run", "our-run-1", null, null, List.of(), PROVIDER_NAME));
        assertThat(post("application/json", ourEvent, null).statusCode()).isEqualTo(401);
        // Naming the Go Provider does not open another Provider's Run.
        String claimed = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null,
                "default/our-run", "our-run-2", null, null, List.of(), "kfp-operator/go-kfp"));
        assertThat(post("application/json", claimed, null).statusCode()).isEqualTo(401);
        // A wrong token is wrong whoever sends it.
        assertThat(post("application/json", goEvent, "guess").statusCode()).isEqualTo(401);
        assertThat(get(io.kfpoperator.api.v1beta1.Run.class, "our-run").getStatus() == null
                || get(io.kfpoperator.api.v1beta1.Run.class, "our-run").getStatus().getCompletionState() == null).isTrue();
    }
}
