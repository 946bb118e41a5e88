package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.kfp.fake.KfpApiSpecValidator;
import io.kfpoperator.provider.kfp.fake.KfpApiSpecValidator.ApiRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift detector itself: what it must accept and what it must catch. */
class KfpApiSpecValidatorTest {

    private static final KfpApiSpecValidator VALIDATOR = KfpApiSpecValidator.load();

    private static List<String> post(String path, String json) {
        return VALIDATOR.validateRequest(new ApiRequest("POST", path, Map.of(), "application/json",
                json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsAWellFormedRecurringRun() {
        assertThat(post("/apis/v2beta1/recurringruns", """
                {"display_name": "ns/rc", "description": "d", "experiment_id": "e",
                 "pipeline_version_reference": {"pipeline_id": "p", "pipeline_version_id": "v"},
                 "runtime_config": {"parameters": {"a": "b", "n": 1}, "pipeline_root": "gs://x"},
                 "max_concurrency": "1", "mode": "ENABLE", "no_catchup": true,
                 "trigger": {"cron_schedule": {"cron": "0 0 * * * *", "start_time": "2030-01-01T00:00:00Z"}}}
                """)).isEmpty();
    }

    @Test
    void catchesCamelCaseUnknownFieldsWrongTypesAndEnums() {
        assertThat(post("/apis/v2beta1/runs", "{\"displayName\": \"x\"}")).singleElement().asString()
                .contains("displayName");
        assertThat(post("/apis/v2beta1/recurringruns", "{\"max_concurrency\": 1}")).isNotEmpty();
        assertThat(post("/apis/v2beta1/recurringruns", "{\"mode\": \"ENABLED\"}")).isNotEmpty();
        assertThat(post("/apis/v2beta1/recurringruns", "{\"trigger\": {\"cron_schedule\": {\"start_time\": \"soon\"}}}"))
                .isNotEmpty();
        assertThat(post("/apis/v2beta1/experiments", "not json")).isNotEmpty();
    }

    @Test
    void catchesUnknownPathsMethodsQueryParametersAndFilters() {
        assertThat(VALIDATOR.validateRequest(new ApiRequest("GET", "/apis/v2beta1/pipeline", Map.of(), null, null)))
                .singleElement().asString().contains("path not in the KFP API");
        assertThat(VALIDATOR.validateRequest(new ApiRequest("PUT", "/apis/v2beta1/runs/r1", Map.of(), null, null)))
                .singleElement().asString().contains("method not in the KFP API");
        assertThat(VALIDATOR.validateRequest(new ApiRequest("GET", "/apis/v2beta1/runs",
                Map.of("pageSize", List.of("10")), null, null))).singleElement().asString().contains("pageSize");
        assertThat(VALIDATOR.validateRequest(new ApiRequest("GET", "/apis/v2beta1/runs",
                Map.of("page_size", List.of("ten")), null, null))).isNotEmpty();
        assertThat(VALIDATOR.validateRequest(new ApiRequest("GET", "/apis/v2beta1/runs",
                Map.of("filter", List.of("{\"predicates\":[{\"key\":\"state\",\"op\":\"EQUALS\"}]}")), null, null)))
                .isNotEmpty();
        assertThat(VALIDATOR.validateRequest(new ApiRequest("POST", "/apis/v2beta1/runs/r1:terminate", Map.of(),
                "application/json", "{}".getBytes(StandardCharsets.UTF_8)))).isNotEmpty();
        assertThat(VALIDATOR.validateRequest(new ApiRequest("POST", "/apis/v2beta1/runs/r1:terminate", Map.of(),
                null, new byte[0]))).isEmpty();
    }

    @Test
    void uploadsMustBeMultipartWithTheDeclaredFilePart() {
        String boundary = "b0undary";
        byte[] good = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadfile\"; "
                + "filename=\"pipeline.yaml\"\r\n\r\nroot: {}\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] wrongPart = new String(good, StandardCharsets.UTF_8).replace("uploadfile", "file")
                .getBytes(StandardCharsets.UTF_8);
        String contentType = "multipart/form-data; boundary=" + boundary;

        assertThat(VALIDATOR.validateRequest(new ApiRequest("POST", "/apis/v2beta1/pipelines/upload_version",
                Map.of("pipelineid", List.of("p"), "name", List.of("v1")), contentType, good))).isEmpty();
        assertThat(VALIDATOR.validateRequest(new ApiRequest("POST", "/apis/v2beta1/pipelines/upload",
                Map.of(), contentType, wrongPart))).hasSize(2);
        assertThat(VALIDATOR.validateRequest(new ApiRequest("POST", "/apis/v2beta1/pipelines/upload_version",
                Map.of("pipeline_id", List.of("p")), contentType, good))).singleElement().asString()
                .contains("pipeline_id");
    }

    @Test
    void checksResponsesToo() {
        assertThat(VALIDATOR.validateResponse("DELETE", "/apis/v2beta1/runs/r1", 200, "{}")).isEmpty();
        assertThat(VALIDATOR.validateResponse("GET", "/apis/v2beta1/recurringruns", 200,
                "{\"recurringRuns\": [{\"recurring_run_id\": \"r\", \"status\": \"ENABLED\"}]}")).isEmpty();
        assertThat(VALIDATOR.validateResponse("GET", "/apis/v2beta1/runs/r1", 200, "{\"runId\": \"r\"}"))
                .isNotEmpty();
        assertThat(VALIDATOR.validateResponse("GET", "/apis/v2beta1/runs/r1", 404,
                "{\"code\": 5, \"message\": \"not found\", \"details\": []}")).isEmpty();
    }

    @Test
    void theFakeServerRefusesAndRecordsDriftedRequests() throws Exception {
        try (FakeKfpServer server = new FakeKfpServer()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/apis/v2beta1/experiments"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"ns/exp\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("does not match the KFP API");
            assertThat(server.api().violations()).singleElement().asString().contains("displayName");
            assertThat(server.api().experiments()).isEmpty();
        }
    }
}
