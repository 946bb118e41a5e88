package io.kfpoperator.controller.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.v1beta1.Pipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Framework {@code static}: the pipeline is already compiled (KFP IR as YAML or JSON) and
 * {@code framework.parameters.uri} says where: {@code https://}/{@code http://},
 * {@code configmap://namespace/name/key}, or {@code file://} (relative paths resolve against the
 * controller's working directory; for the sandbox and local use). {@code gs://} needs Google
 * Cloud credentials in the controller and is not read yet: use https:// with a signed URL.
 */
public final class StaticPipelineCompiler implements PipelineCompiler {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public StaticPipelineCompiler(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Compilation compile(CompileRequest request) {
        return new Compilation.Compiled(compiledPipeline(request.pipeline()));
    }

    private JsonNode compiledPipeline(Pipeline pipeline) {
        JsonNode uriNode = pipeline.getSpec().getFramework().getParameters().get("uri");
        String uri = uriNode == null ? "" : uriNode.asText("");
        String text = read(uri);
        try {
            JsonNode compiled = YAML.readTree(text);
            if (compiled == null || !compiled.isObject()) {
                throw new DefinitionException("the compiled pipeline at " + uri + " is not a YAML or JSON object", false);
            }
            return compiled;
        } catch (IOException e) {
            throw new DefinitionException("the compiled pipeline at " + uri + " is not valid YAML or JSON: " + e.getMessage(), false);
        }
    }

    private String read(String uri) {
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd);
        String rest = schemeEnd < 0 ? uri : uri.substring(schemeEnd + 3);
        return switch (scheme) {
            case "file" -> readFile(rest, uri);
            case "http", "https" -> readUrl(uri);
            case "configmap" -> readConfigMap(rest, uri);
            case "gs" -> throw new DefinitionException("reading " + uri + " needs Google Cloud Storage access, which the controller does not"
                    + " have yet; publish the compiled pipeline at an https:// URL or in a ConfigMap", false);
            default -> throw new DefinitionException("framework.parameters.uri '" + uri + "' has no supported scheme", false);
        };
    }

    private static String readFile(String path, String uri) {
        try {
            Path file = Path.of(path);
            if (Files.size(file) > MAX_BYTES) {
                throw new DefinitionException("the compiled pipeline at " + uri + " is larger than 16 MiB", false);
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new DefinitionException("the compiled pipeline " + uri + " does not exist (relative to " + Path.of("").toAbsolutePath() + ")", false);
        } catch (IOException e) {
            throw new DefinitionException("the compiled pipeline " + uri + " cannot be read: " + e.getMessage(), true);
        }
    }

    private String readUrl(String uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return response.body();
            }
            boolean transientFailure = response.statusCode() == 429 || response.statusCode() >= 500;
            throw new DefinitionException("fetching the compiled pipeline " + uri + " answered HTTP " + response.statusCode(), transientFailure);
        } catch (IOException e) {
            throw new DefinitionException("fetching the compiled pipeline " + uri + " failed: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DefinitionException("interrupted while fetching " + uri, true);
        }
    }

    private String readConfigMap(String rest, String uri) {
        String[] parts = rest.split("/", -1);
        if (parts.length != 3) {
            throw new DefinitionException("'" + uri + "' must be configmap://namespace/name/key", false);
        }
        try {
            ConfigMap configMap = client.configMaps().inNamespace(parts[0]).withName(parts[1]).get();
            if (configMap == null) {
                throw new DefinitionException("ConfigMap " + parts[0] + "/" + parts[1] + " named by " + uri + " does not exist", true);
            }
            String value = configMap.getData() == null ? null : configMap.getData().get(parts[2]);
            if (value == null) {
                throw new DefinitionException("ConfigMap " + parts[0] + "/" + parts[1] + " has no key '" + parts[2] + "'", false);
            }
            return value;
        } catch (KubernetesClientException e) {
            throw new DefinitionException("reading " + uri + " failed: " + e.getMessage(), true);
        }
    }
}
