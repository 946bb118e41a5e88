package io.kfpoperator.providerservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.http.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@link ProviderServiceConfig}: the YAML file first, then environment variables, then flags,
 * each overriding the one before. Keys are dotted paths ({@code server.port}); the environment name of
 * a key is the key upper-cased with '.' as '_' (upstream's names: {@code PROVIDERNAME},
 * {@code OPERATORWEBHOOK}, {@code SERVER_PORT}, {@code PARAMETERS_<KEY>}). Every error names the key
 * and where its value came from.
 */
public final class ConfigLoader {

    public static final String PLATFORM = "platform";
    public static final String PROVIDER_NAME = "providerName";
    public static final String PIPELINE_ROOT_STORAGE = "pipelineRootStorage";
    public static final String OPERATOR_WEBHOOK = "operatorWebhook";
    public static final String OPERATOR_TOKEN = "operatorToken";
    public static final String OPERATOR_TOKEN_FILE = "operatorTokenFile";
    public static final String SERVER_HOST = "server.host";
    public static final String SERVER_PORT = "server.port";
    public static final String SERVER_MAX_BODY_BYTES = "server.maxBodyBytes";
    public static final String SERVER_THREADS = "server.threads";
    public static final String EVENTS_POLL_INTERVAL = "events.pollInterval";
    public static final String EVENTS_INITIAL_BACKOFF = "events.initialBackoff";
    public static final String EVENTS_MAX_BACKOFF = "events.maxBackoff";
    public static final String EVENTS_REQUEST_TIMEOUT = "events.requestTimeout";
    public static final String WATERMARK_FILE = "watermark.file";
    public static final String WATERMARK_CONFIG_MAP = "watermark.configMap";
    public static final String WATERMARK_NAMESPACE = "watermark.namespace";
    public static final String PARAMETERS_PREFIX = "parameters.";

    /** Every key with its default ("" = none). */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(PLATFORM, "");
        d.put(PROVIDER_NAME, "");
        d.put(PIPELINE_ROOT_STORAGE, "");
        d.put(OPERATOR_WEBHOOK, "");
        d.put(OPERATOR_TOKEN, "");
        d.put(OPERATOR_TOKEN_FILE, "");
        d.put(SERVER_HOST, "0.0.0.0");
        d.put(SERVER_PORT, "8080");
        d.put(SERVER_MAX_BODY_BYTES, String.valueOf(ServerSettings.DEFAULT_MAX_BODY_BYTES));
        d.put(SERVER_THREADS, "16");
        d.put(EVENTS_POLL_INTERVAL, "5s");
        d.put(EVENTS_INITIAL_BACKOFF, "1s");
        d.put(EVENTS_MAX_BACKOFF, "5m");
        d.put(EVENTS_REQUEST_TIMEOUT, "30s");
        d.put(WATERMARK_FILE, "");
        d.put(WATERMARK_CONFIG_MAP, "");
        d.put(WATERMARK_NAMESPACE, "");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    /** The command-line flag of each key the CLI exposes, for error messages. */
    public static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry(PLATFORM, "--platform"),
            Map.entry(PROVIDER_NAME, "--provider-name"),
            Map.entry(PIPELINE_ROOT_STORAGE, "--pipeline-root-storage"),
            Map.entry(OPERATOR_WEBHOOK, "--operator-webhook"),
            Map.entry(OPERATOR_TOKEN_FILE, "--operator-token-file"),
            Map.entry(SERVER_HOST, "--host"),
            Map.entry(SERVER_PORT, "--port"),
            Map.entry(WATERMARK_FILE, "--watermark-file"),
            Map.entry(WATERMARK_CONFIG_MAP, "--watermark-config-map"),
            Map.entry(WATERMARK_NAMESPACE, "--watermark-namespace"));

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern NAMESPACED_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private ConfigLoader() {
    }

    /**
     * @param file  YAML file, or null
     * @param env   the process environment (only known names and PARAMETERS_* are read)
     * @param flags values given on the command line, by key (see {@link #FLAGS}; {@code parameters.<k>} too)
     */
    public static ProviderServiceConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
        ConfigLoader loader = new ConfigLoader();
        if (file != null) {
            loader.readFile(file);
        }
        loader.readEnv(env);
        flags.forEach((key, value) -> {
            if (value != null) {
                loader.put(key, value, "flag " + FLAGS.getOrDefault(key, key.startsWith(PARAMETERS_PREFIX)
                        ? "--parameter " + key.substring(PARAMETERS_PREFIX.length()) : key));
            }
        });
        return loader.build();
    }

    /** The environment variable a key is read from. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private void put(String key, String value, String source) {
        if (!DEFAULTS.containsKey(key) && !key.startsWith(PARAMETERS_PREFIX)) {
            throw new ConfigException("unknown configuration key '" + key + "' (" + source + "); known keys: "
                    + String.join(", ", DEFAULTS.keySet()) + ", parameters.<name>");
        }
        values.put(key, value);
        sources.put(key, source);
    }

    private void readFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file configures nothing
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + " must be a YAML mapping of keys");
        }
        flatten(root, "", file);
    }

    private void flatten(JsonNode node, String prefix, Path file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            String source = "config file " + file;
            if (value.isObject()) {
                boolean isSection = key.equals("parameters") || DEFAULTS.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
                if (!isSection || key.startsWith(PARAMETERS_PREFIX)) {
                    throw new ConfigException("configuration key '" + key + "' in " + file + " must be a single value, not a mapping"
                            + (DEFAULTS.containsKey(key) || key.startsWith(PARAMETERS_PREFIX) ? "" : " (unknown key)"));
                }
                flatten(value, key + ".", file);
            } else if (value.isArray()) {
                throw new ConfigException("configuration key '" + key + "' in " + file + " must be a single value, not a list");
            } else if (!value.isNull()) {
                put(key, value.asText(), source);
            }
        }
    }

    private void readEnv(Map<String, String> env) {
        for (String key : DEFAULTS.keySet()) {
            String value = env.get(envName(key));
            if (value != null) {
                put(key, value, "environment variable " + envName(key));
            }
        }
        // Parameter names keep the case they are written in after the prefix (PARAMETERS_restKfpApiUrl).
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith("PARAMETERS_") && name.length() > "PARAMETERS_".length()) {
                put(PARAMETERS_PREFIX + name.substring("PARAMETERS_".length()), value, "environment variable " + name);
            }
        });
    }

    private ProviderServiceConfig build() {
        String platform = string(PLATFORM);
        if (platform == null) {
            throw new ConfigException("no platform configured: set flag --platform, key 'platform' in the config file or "
                    + "environment variable PLATFORM");
        }
        String providerName = string(PROVIDER_NAME);
        if (providerName == null) {
            providerName = "default/" + platform;
        } else if (!NAMESPACED_NAME.matcher(providerName).matches()) {
            throw invalid(PROVIDER_NAME, "must be 'namespace/name' of the Provider resource");
        }
        ServerSettings server;
        try {
            server = new ServerSettings(
                    nonBlank(SERVER_HOST),
                    (int) number(SERVER_PORT, 0, 65535),
                    number(SERVER_MAX_BODY_BYTES, 1, Long.MAX_VALUE),
                    (int) number(SERVER_THREADS, 1, 1024));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        URI webhook = null;
        if (string(OPERATOR_WEBHOOK) != null) {
            try {
                webhook = URI.create(string(OPERATOR_WEBHOOK));
            } catch (IllegalArgumentException e) {
                throw invalid(OPERATOR_WEBHOOK, "is not a URL");
            }
            if (!List.of("http", "https").contains(String.valueOf(webhook.getScheme())) || webhook.getHost() == null) {
                throw invalid(OPERATOR_WEBHOOK, "must be an http(s) URL such as http://kfp-operator-runcompletion-webhook-service.kfp-operator-system:80/events");
            }
        }
        Duration initialBackoff = duration(EVENTS_INITIAL_BACKOFF);
        Duration maxBackoff = duration(EVENTS_MAX_BACKOFF);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw invalid(EVENTS_MAX_BACKOFF, "must not be shorter than " + EVENTS_INITIAL_BACKOFF + " (" + initialBackoff + ")");
        }
        ProviderServiceConfig.Events events = new ProviderServiceConfig.Events(webhook, string(OPERATOR_TOKEN),
                path(OPERATOR_TOKEN_FILE), duration(EVENTS_POLL_INTERVAL), new Backoff(initialBackoff, maxBackoff),
                duration(EVENTS_REQUEST_TIMEOUT));
        Path watermarkFile = path(WATERMARK_FILE);
        if (watermarkFile == null) {
            watermarkFile = Path.of(System.getProperty("java.io.tmpdir"),
                    "kfp-provider-" + providerName.replace('/', '-') + "-watermark.json");
        }
        String configMap = string(WATERMARK_CONFIG_MAP);
        if (configMap != null && !configMap.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw invalid(WATERMARK_CONFIG_MAP, "is not a valid ConfigMap name");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(PARAMETERS_PREFIX)) {
                parameters.put(k.substring(PARAMETERS_PREFIX.length()), v);
            }
        });
        return new ProviderServiceConfig(platform, providerName, string(PIPELINE_ROOT_STORAGE), server, events,
                new ProviderServiceConfig.WatermarkLocation(watermarkFile, configMap, string(WATERMARK_NAMESPACE)),
                parameters);
    }

    private String value(String key) {
        return values.getOrDefault(key, DEFAULTS.get(key));
    }

    private String string(String key) {
        String v = value(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private String nonBlank(String key) {
        String v = string(key);
        if (v == null) {
            throw invalid(key, "must not be empty");
        }
        return v;
    }

    private Path path(String key) {
        String v = string(key);
        return v == null ? null : Path.of(v);
    }

    private long number(String key, long min, long max) {
        String v = nonBlank(key);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw invalid(key, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, "is not a whole number");
        }
    }

    private Duration duration(String key) {
        String v = nonBlank(key);
        Duration d;
        Matcher m = SHORT_DURATION.matcher(v);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                d = Duration.parse(v);
            }
        } catch (RuntimeException e) {
            throw invalid(key, "is not a duration (e.g. 500ms, 30s, 5m, PT1M)");
        }
        if (d.isZero() || d.isNegative()) {
            throw invalid(key, "must be positive");
        }
        return d;
    }

    private ConfigException invalid(String key, String problem) {
        String source = sources.getOrDefault(key, "default");
        return new ConfigException("invalid value '" + value(key) + "' for " + key + " (" + source + "): " + problem);
    }
}
