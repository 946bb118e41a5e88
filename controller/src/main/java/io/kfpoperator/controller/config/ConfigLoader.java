package io.kfpoperator.controller.config;

import com.fasterxml.jackson.core.JsonParser;
import io.kfpoperator.api.types.GoDurations;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kfpoperator.api.manifest.FieldPaths;
import io.kfpoperator.api.validation.KubernetesNames;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link OperatorConfig}: the YAML file, then overrides given as dotted keys
 * ({@code spec.runCompletionFeed.port=9000}, from flags or the environment), then validation.
 * The Go operator's own keys, from the file or an override, are read next ({@link UpstreamKeys}):
 * moved to ours or dropped with a warning. Every problem is a {@link ConfigurationException} naming the key, so a typo stops the start
 * instead of being ignored.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final Pattern NATS_SUBJECT = Pattern.compile("^[^.\\s]+(\\.[^.\\s]+)*$");
    private static final Pattern NATS_NAME = Pattern.compile("^[A-Za-z0-9_-]+$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            // A number is no sink type (Jackson would take 0 as the first enum value), and 8082.5 is no port (not 8082).
            .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
                @Override
                public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    try {
                        return GoDurations.parse(p.getValueAsString());
                    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                        throw InvalidFormatException.from(p, e.getMessage(), p.getValueAsString(), Duration.class);
                    }
                }
            }));

    private ConfigLoader() {
    }

    /** The configuration, and one warning for each of the Go operator's keys that has no effect here. */
    public record Loaded(OperatorConfig config, List<String> warnings) {
    }

    /** Loads {@code file} (null = defaults only) with {@code overrides} applied on top; warnings are logged. */
    public static OperatorConfig load(Path file, Map<String, String> overrides) {
        Loaded loaded = loadWithWarnings(file, overrides);
        loaded.warnings().forEach(LOG::warn);
        return loaded.config();
    }

    /** Loads {@code file} (null = defaults only) with {@code overrides} applied on top. */
    public static Loaded loadWithWarnings(Path file, Map<String, String> overrides) {
        JsonNode tree = readFile(file);
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigurationException("configuration " + file + " must be a YAML mapping with keys system and spec");
        }
        overrides.forEach((key, value) -> override(root, key, value));
        Map<String, String> origins = new java.util.HashMap<>();
        List<String> warnings = UpstreamKeys.adopt(root, origins);
        try {
            OperatorConfig config = bind(root);
            validate(config);
            return new Loaded(config, List.copyOf(warnings));
        } catch (ConfigurationException e) {
            throw UpstreamKeys.inTheFilesWords(e, origins);
        }
    }

    private static OperatorConfig bind(ObjectNode root) {
        noEmptyEntries(root, "");
        try {
            return YAML.treeToValue(root, OperatorConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigurationException("unknown configuration key '" + FieldPaths.of(e) + "'"
                    + (e.getKnownPropertyIds() == null ? "" : " (known here: " + known(e) + ")"));
        } catch (InvalidFormatException e) {
            throw new ConfigurationException("configuration key '" + FieldPaths.of(e) + "': '" + e.getValue() + "' is not valid"
                    + (e.getTargetType() != null && e.getTargetType().isEnum() ? "; expected one of " + FieldPaths.enumValues(e.getTargetType()) : "")
                    + (e.getTargetType() == Duration.class ? "; use a duration such as 30s, 10m or 1h30m" : ""));
        } catch (MismatchedInputException e) {
            // Jackson's message names Java types and parser tokens; say what the key takes instead.
            throw new ConfigurationException("configuration key '" + FieldPaths.of(e) + "': has the wrong type" + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new ConfigurationException("configuration key '" + FieldPaths.of(e) + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigurationException("configuration cannot be read: " + e.getMessage());
        }
    }

    private static JsonNode readFile(Path file) {
        if (file == null) {
            return YAML.createObjectNode();
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("configuration file " + file + " does not exist");
        }
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            return tree == null || tree.isMissingNode() || tree.isNull() ? YAML.createObjectNode() : tree;
        } catch (IOException e) {
            // The parser's words, without the Java exception that carries them (bytes that are no UTF-8 come as one).
            Throwable reason = e;
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.io.CharConversionException) {
                    reason = cause;
                }
            }
            String why = reason instanceof com.fasterxml.jackson.core.JsonProcessingException parse ? parse.getOriginalMessage() : reason.getMessage();
            throw new ConfigurationException("configuration file " + file + " is not valid YAML: " + why);
        }
    }

    private static void override(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(parts[i]);
            } else if (child instanceof ObjectNode object) {
                node = object;
            } else {
                throw new ConfigurationException("configuration key '" + key + "': '" + parts[i] + "' is not a section");
            }
        }
        try {
            node.set(parts[parts.length - 1], YAML.readTree(value));
        } catch (IOException e) {
            throw new ConfigurationException("configuration key '" + key + "': '" + value + "' is not a valid value");
        }
    }

    private static void validate(OperatorConfig config) {
        OperatorConfig.Spec spec = config.spec();
        port("spec.runCompletionFeed.port", spec.runCompletionFeed().port());
        port("spec.monitoring.metricsPort", spec.monitoring().metricsPort());
        port("spec.monitoring.healthPort", spec.monitoring().healthPort());
        if (spec.webhook().enabled()) {
            port("spec.webhook.port", spec.webhook().port());
        }
        port("spec.defaultProviderValues.servicePort", spec.defaultProviderValues().servicePort());
        port("spec.defaultProviderValues.metricsPort", spec.defaultProviderValues().metricsPort());
        if (spec.defaultProviderValues().replicas() < 0) {
            throw new ConfigurationException("configuration key 'spec.defaultProviderValues.replicas': must not be negative");
        }
        OperatorConfig.LeaderElection election = config.system().leaderElection();
        if (!(election.retryPeriod().compareTo(election.renewDeadline()) < 0 && election.renewDeadline().compareTo(election.leaseDuration()) < 0)) {
            throw new ConfigurationException("configuration key 'system.leaderElection': retryPeriod < renewDeadline < leaseDuration must hold"
                    + " (got " + election.retryPeriod() + ", " + election.renewDeadline() + ", " + election.leaseDuration() + ")");
        }
        if (spec.providerCallTimeout().isZero() || spec.providerCallTimeout().isNegative()) {
            throw new ConfigurationException("configuration key 'spec.providerCallTimeout': must be positive (got " + spec.providerCallTimeout() + ")");
        }
        if (spec.retry().initial().isZero() || spec.retry().initial().isNegative()) {
            throw new ConfigurationException("configuration key 'spec.retry.initial': must be positive");
        }
        if (spec.retry().max().compareTo(spec.retry().initial()) < 0) {
            throw new ConfigurationException("configuration key 'spec.retry.max': must not be shorter than spec.retry.initial");
        }
        if (spec.compilation().timeout().isZero() || spec.compilation().timeout().isNegative()) {
            throw new ConfigurationException("configuration key 'spec.compilation.timeout': must be positive");
        }
        if (!spec.compilation().serviceAccount().isEmpty() && !KubernetesNames.DNS_LABEL.matcher(spec.compilation().serviceAccount()).matches()) {
            throw new ConfigurationException("configuration key 'spec.compilation.serviceAccount': '" + spec.compilation().serviceAccount()
                    + "' is not a valid service account name");
        }
        if (spec.defaultExecutionEngine() == io.kfpoperator.api.v1beta1.ExecutionEngine.ARGO && !spec.argo().enabled()) {
            throw new ConfigurationException("configuration key 'spec.argo.enabled': must be true when spec.defaultExecutionEngine is argo");
        }
        for (int i = 0; i < spec.namespaces().size(); i++) {
            String ns = spec.namespaces().get(i);
            if (ns == null || !KubernetesNames.DNS_LABEL.matcher(ns).matches()) {
                throw new ConfigurationException("configuration key 'spec.namespaces[" + i + "]': '" + ns + "' is not a valid namespace name");
            }
        }
        Set<String> sinkNames = new HashSet<>();
        List<OperatorConfig.Sink> sinks = spec.events().sinks();
        for (int i = 0; i < sinks.size(); i++) {
            OperatorConfig.Sink sink = sinks.get(i);
            String key = "spec.events.sinks[" + i + "]";
            if (sink.type() == null) {
                throw new ConfigurationException("configuration key '" + key + ".type': is required (nats, http, grpc or log)");
            }
            if (sink.type() == SinkType.GRPC) {
                grpcTarget(key + ".url", sink.url());
            } else if (sink.type() != SinkType.LOG) {
                url(key + ".url", sink.url(), sink.type() == SinkType.NATS ? Set.of("nats", "tls") : Set.of("http", "https"));
            }
            if (!sinkNames.add(sink.name())) {
                throw new ConfigurationException("configuration key '" + key + ".name': '" + sink.name()
                        + "' is used by another sink; give each sink of the same type a name");
            }
            if (sink.timeout().isNegative() || sink.timeout().isZero()) {
                throw new ConfigurationException("configuration key '" + key + ".timeout': must be positive");
            }
            if (sink.retries() < 0) {
                throw new ConfigurationException("configuration key '" + key + ".retries': must not be negative");
            }
            if (sink.type() == SinkType.NATS) {
                natsSink(key, sink);
            }
        }
    }

    private static void natsSink(String key, OperatorConfig.Sink sink) {
        if (!NATS_SUBJECT.matcher(sink.subject()).matches() || sink.subject().contains("*") || sink.subject().contains(">")) {
            throw new ConfigurationException("configuration key '" + key + ".subject': '" + sink.subject()
                    + "' is not a NATS subject to publish on (dot-separated tokens, no wildcards)");
        }
        if (!NATS_NAME.matcher(sink.stream()).matches()) {
            throw new ConfigurationException("configuration key '" + key + ".stream': '" + sink.stream()
                    + "' is not a JetStream stream name (letters, digits, - and _)");
        }
        for (int j = 0; j < sink.subjects().size(); j++) {
            String subject = sink.subjects().get(j);
            if (subject == null || !NATS_SUBJECT.matcher(subject).matches()) {
                throw new ConfigurationException("configuration key '" + key + ".subjects[" + j + "]': '" + subject + "' is not a NATS subject");
            }
        }
        // Otherwise a created stream would not capture the events and every publish would fail.
        if (sink.subjects().stream().noneMatch(pattern -> natsSubjectMatches(pattern, sink.subject()))) {
            throw new ConfigurationException("configuration key '" + key + ".subjects': " + sink.subjects()
                    + " do not include the subject '" + sink.subject() + "'");
        }
        if (sink.maxAge().isNegative()) {
            throw new ConfigurationException("configuration key '" + key + ".maxAge': must not be negative");
        }
        if (sink.maxMessages() < -1 || sink.maxMessages() == 0) {
            throw new ConfigurationException("configuration key '" + key + ".maxMessages': must be positive, or -1 for unlimited");
        }
        if (sink.maxBytes() < -1 || sink.maxBytes() == 0) {
            throw new ConfigurationException("configuration key '" + key + ".maxBytes': must be positive, or -1 for unlimited");
        }
        if (sink.duplicateWindow().isNegative() || sink.duplicateWindow().isZero()) {
            throw new ConfigurationException("configuration key '" + key + ".duplicateWindow': must be positive");
        }
    }

    /** NATS wildcards: {@code *} is one token, {@code >} (last) is one or more tokens. */
    static boolean natsSubjectMatches(String pattern, String subject) {
        String[] p = pattern.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return i == p.length - 1 && s.length > i;
            }
            if (i >= s.length || !(p[i].equals("*") || p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }

    private static void port(String key, int port) {
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("configuration key '" + key + "': " + port + " is not a port (1-65535)");
        }
    }

    private static final Pattern GRPC_TARGET = Pattern.compile("^[A-Za-z0-9.-]+:[0-9]{1,5}$");

    /** host:port, as the Go operator builds it from an endpoint's host and port. */
    private static void grpcTarget(String key, String target) {
        if (target == null || target.isBlank()) {
            throw new ConfigurationException("configuration key '" + key + "': is required (host:port of a RunCompletionEventTrigger server)");
        }
        if (!GRPC_TARGET.matcher(target).matches() || Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)) > 65535) {
            throw new ConfigurationException("configuration key '" + key + "': '" + target + "' must be host:port, e.g. run-completion-handler:50051");
        }
    }

    private static void url(String key, String url, Set<String> schemes) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("configuration key '" + key + "': is required");
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigurationException("configuration key '" + key + "': '" + url + "' must be a " + String.join(" or ", schemes) + " URL");
            }
        } catch (URISyntaxException e) {
            throw new ConfigurationException("configuration key '" + key + "': '" + url + "' is not a URL");
        }
    }

    /**
     * A list item or label written without a value (YAML {@code - } or {@code team:}) is null, which no list or
     * map of the configuration holds: say where, instead of failing to build the section that holds it. The pod
     * template is the Deployment's, passed on as written, but for numbers past float64 (1e400), which Jackson
     * reads as Infinity and Kubernetes would get as the string "Infinity".
     */
    private static void noEmptyEntries(JsonNode node, String path) {
        boolean podTemplate = path.startsWith("spec.defaultProviderValues.podTemplateSpec");
        if (node.isNumber() && Double.isInfinite(node.doubleValue())) {
            throw new ConfigurationException("configuration key '" + path + "': the number is out of range (it must fit a float64)");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull() && !podTemplate) {
                    throw new ConfigurationException("configuration key '" + path + "[" + i + "]': is empty; give it a value or remove it");
                }
                noEmptyEntries(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isNull() && path.equals("spec.defaultProviderValues.labels")) {
                    throw new ConfigurationException("configuration key '" + key + "': is empty; a label needs a value (\"\" for none)");
                }
                noEmptyEntries(field.getValue(), key);
            }
        }
    }

    /** "; expected ..." in the words of the file, for the type a key binds to. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "; expected true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "; expected a whole number";
        }
        if (type == String.class) {
            return "; expected a string";
        }
        if (type == Duration.class) {
            return "; expected a duration such as 30s, 10m or 1h30m";
        }
        if (type.isEnum()) {
            return "; expected one of " + FieldPaths.enumValues(type);
        }
        if (List.class.isAssignableFrom(type)) {
            return "; expected a list";
        }
        return "; expected a mapping";
    }

    private static String known(UnrecognizedPropertyException e) {
        List<String> names = new ArrayList<>();
        e.getKnownPropertyIds().forEach(id -> names.add(id.toString()));
        names.sort(null);
        return String.join(", ", names);
    }
}
