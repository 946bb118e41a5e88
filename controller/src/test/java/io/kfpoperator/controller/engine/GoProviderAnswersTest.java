package io.kfpoperator.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.v1beta1.ServiceContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Answers of the Go operator's provider images, as its server and platform clients write them, and what each means. */
class GoProviderAnswersTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // refusals: the Go operator failed the resource on each of these
            "500|{\"providerError\":\"found 0 pipelines for hello, expected exactly one\"}|Rejected",
            "500|{\"providerError\":\"found 0 pipeline versions, expected exactly one\"}|Rejected",
            "500|{\"providerError\":\"failed to upload pipeline [POST /apis/v2beta1/pipelines/upload][409] uploadPipelineConflict\"}|Rejected",
            "500|{\"providerError\":\"rpc error: code = AlreadyExists desc = pipeline job default-once-abc exists\"}|Rejected",
            "500|{\"providerError\":\"rpc error: code = InvalidArgument desc = bad cron\"}|Rejected",
            "500|{\"providerError\":\"rpc error: code = Internal desc = Failed to create a run\"}|Rejected",
            "500|{\"providerError\":\"too many fields for go cron schedule\"}|Rejected",
            "500|{\"providerError\":\"not implemented\"}|Rejected",
            "400|{\"providerError\":\"invalid character '}' looking for beginning of value\"}|Rejected",
            "501|{\"providerError\":\"Method Update unimplemented for resource run\"}|Rejected",
            "404|404 page not found|Rejected",
            // causes that pass
            "500|{\"providerError\":\"rpc error: code = Unavailable desc = connection error\"}|Unavailable",
            "500|{\"providerError\":\"rpc error: code = DeadlineExceeded desc = context deadline exceeded\"}|Unavailable",
            "500|{\"providerError\":\"rpc error: code = ResourceExhausted desc = Quota exceeded\"}|Unavailable",
            "500|{\"providerError\":\"rpc error: code = Aborted desc = concurrent modification\"}|Unavailable",
            "500|{\"providerError\":\"failed to upload pipeline Post \\\"http://ml-pipeline:8888/apis/v2beta1/pipelines/upload\\\": dial tcp 10.0.0.1:8888: connect: connection refused\"}|Unavailable",
            "500|{\"providerError\":\"failed to upload pipeline [POST /apis/v2beta1/pipelines/upload][503] uploadPipelineServiceUnavailable\"}|Unavailable",
            "500|{\"providerError\":\"googleapi: Error 503: Backend Error, backendError\"}|Unavailable",
            "500|{\"providerError\":\"read tcp 10.0.0.2:4312->10.0.0.1:8887: i/o timeout\"}|Unavailable",
            "500|{\"providerError\":\"failed to read request body\"}|Unavailable",
            "500||Unavailable",
            "502|<html>Bad Gateway</html>|Unavailable",
            "503||Unavailable",
            "504||Unavailable",
            "429||Unavailable",
            "201|{\"id\":\"a1b2\"}|Succeeded"})
    void createAnswers(int status, String body, String expected) {
        OperationOutcome outcome = ProviderServiceClient.outcome(status, body, false, "POST /resource/run", ServiceContract.GO);
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "500|{\"id\":\"x\",\"providerError\":\"rpc error: code = NotFound desc = recurring run x not found\"}|Succeeded",
            "500|{\"id\":\"x\",\"providerError\":\"rpc error: code = PermissionDenied desc = no\"}|Rejected",
            "200|{}|Succeeded"})
    void deleteAnswers(int status, String body, String expected) {
        OperationOutcome outcome = ProviderServiceClient.outcome(status, body, true, "DELETE /resource/runschedule/x", ServiceContract.GO);
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"500|{\"providerError\":\"found 0 pipelines for hello, expected exactly one\"}|Unavailable"})
    void ourOwnServicesFiveHundredStaysTransient(int status, String body, String expected) {
        assertThat(ProviderServiceClient.outcome(status, body, false, "POST /resource/run").getClass().getSimpleName()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void theRefusalsMessageIsTheProvidersOwn() {
        OperationOutcome outcome = ProviderServiceClient.outcome(500, "{\"providerError\":\"found 0 pipelines for hello, expected exactly one\"}",
                false, "POST /resource/run", ServiceContract.GO);
        assertThat(outcome).isEqualTo(new OperationOutcome.Rejected("found 0 pipelines for hello, expected exactly one"));
    }
}
