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
}
