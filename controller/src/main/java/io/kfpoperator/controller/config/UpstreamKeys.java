package io.kfpoperator.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Go operator's configuration (its {@code KfpControllerConfig} file, every version of it, and
 * what its Helm chart renders), read so that a file written for it starts this controller too.
 * Keys that mean something here are moved to ours (ours win when both are given); keys that do
 * not are removed with one warning each, naming the key and why. What is left is bound strictly,
 * so a key neither operator knows still stops the start.
 */
final class UpstreamKeys {

    /** Keys of the Go operator's {@code spec} that have no effect here, with the reason users read in the warning. */
    private static final Map<String, String> IGNORED_SPEC_KEYS = new LinkedHashMap<>();

    static {
        IGNORED_SPEC_KEYS.put("multiversion", "only v1beta1 is served, so there is no conversion webhook to switch on");
        IGNORED_SPEC_KEYS.put("workflowNamespace", "the argo engine runs each Workflow in its Provider's namespace");
        IGNORED_SPEC_KEYS.put("workflowTemplatePrefix", "the argo engine's WorkflowTemplates have fixed names (docs/execution-engines.md)");
        IGNORED_SPEC_KEYS.put("defaultTfxImage", "compiler images come from each Provider's spec.frameworks");
        IGNORED_SPEC_KEYS.put("pipelineFrameworkImages", "compiler images come from each Provider's spec.frameworks");
        IGNORED_SPEC_KEYS.put("compilerImage", "compiler images come from each Provider's spec.frameworks");
        IGNORED_SPEC_KEYS.put("kfpSdkImage", "compiler images come from each Provider's spec.frameworks");
        IGNORED_SPEC_KEYS.put("kfpToolsImage", "platform calls are made by the provider service, not by tool images");
        IGNORED_SPEC_KEYS.put("argoExecutorImage", "platform calls are made by the provider service, not by tool images");
        IGNORED_SPEC_KEYS.put("imagePullPolicy", "set it in spec.defaultProviderValues.podTemplateSpec");
        IGNORED_SPEC_KEYS.put("defaultProvider", "every resource names its Provider (spec.provider)");
        IGNORED_SPEC_KEYS.put("defaultExperiment", "the default experiment is a setting of the KFP Provider (parameters.defaultExperiment)");
        IGNORED_SPEC_KEYS.put("kfpEndpoint", "the platform's address is a setting of each Provider");
        IGNORED_SPEC_KEYS.put("pipelineStorage", "the pipeline root is set on each Provider (spec.pipelineRootStorage)");
        IGNORED_SPEC_KEYS.put("dataflowProject", "Beam arguments are set on each tfx Pipeline (spec.framework.parameters.beamArgs)");
        IGNORED_SPEC_KEYS.put("defaultBeamArgs", "Beam arguments are set on each tfx Pipeline (spec.framework.parameters.beamArgs)");
        IGNORED_SPEC_KEYS.put("providerConfig", "platform settings live in each Provider resource");
        IGNORED_SPEC_KEYS.put("providerConfigFile", "platform settings live in each Provider resource");
        IGNORED_SPEC_KEYS.put("serviceAccount", "service accounts are set per Provider (spec.serviceAccount) and for compilation (spec.compilation.serviceAccount)");
        IGNORED_SPEC_KEYS.put("debug", "logging is set with KFP_OPERATOR_LOG_LEVEL");
    }

    private UpstreamKeys() {
    }

    /**
     * Rewrites {@code root} in place and answers the warnings, one per upstream key that has no effect here.
     * {@code origins} gets, for each of our keys that took an upstream key's value, that key: an error about ours
     * then names the key the file has ({@link #inTheFilesWords}).
     */
    static List<String> adopt(ObjectNode root, Map<String, String> origins) {
        List<String> warnings = new ArrayList<>();
        // The document's identity in the Go operator (config.kubeflow.org KfpControllerConfig), not a setting.
        root.remove(List.of("apiVersion", "kind", "metadata"));
        if (root.get("controller") instanceof ObjectNode controller) {
            adoptControllerRuntime(root, controller, warnings, origins);
            root.remove("controller");
        }
        if (root.get("spec") instanceof ObjectNode spec) {
            IGNORED_SPEC_KEYS.forEach((key, reason) -> {
                if (spec.has(key)) {
                    spec.remove(key);
                    warnings.add(ignored("spec." + key, reason));
                }
            });
            if (spec.get("runCompletionFeed") instanceof ObjectNode feed) {
                if (feed.has("host")) {
                    feed.remove("host");
                    warnings.add(ignored("spec.runCompletionFeed.host", "the endpoint listens on every interface"));
                }
                JsonNode endpoints = feed.remove("endpoints");
                if (endpoints != null && endpoints.isArray()) {
                    adoptEndpoints(spec, (ArrayNode) endpoints, warnings, origins);
                } else if (endpoints != null && !endpoints.isNull()) {
                    throw new ConfigurationException("configuration key 'spec.runCompletionFeed.endpoints': must be a list of {host, port, path}");
                }
            }
            JsonNode ttl = spec.get("runCompletionTTL");
            if (ttl != null && ttl.isTextual() && ttl.asText().trim().startsWith("-")) {
                warnings.add("configuration key 'spec.runCompletionTTL' is negative (" + ttl.asText()
                        + "): Runs are deleted as soon as they are marked completed, as the Go operator does");
            }
        }
        return warnings;
    }

    /**
     * Each {@code {host, port, path}} the Go operator forwards events to over its
     * RunCompletionEventTrigger gRPC contract becomes a {@code grpc} sink to {@code host:port}
     * (a gRPC target has no path; the Go operator's URL() appends it, and gRPC ignores it).
     */
    private static void adoptEndpoints(ObjectNode spec, ArrayNode endpoints, List<String> warnings, Map<String, String> origins) {
        ArrayNode sinks = null;
        for (int i = 0; i < endpoints.size(); i++) {
            JsonNode endpoint = endpoints.get(i);
            String key = "spec.runCompletionFeed.endpoints[" + i + "]";
            String host = endpoint.path("host").asText("");
            int port = endpoint.path("port").asInt(0);
            if (host.isEmpty() || port <= 0) {
                throw new ConfigurationException("configuration key '" + key + "': needs host and port (got " + endpoint + ")");
            }
            String path = endpoint.path("path").asText("");
            if (!path.isEmpty() && !path.equals("/")) {
                warnings.add(ignored(key + ".path", "a gRPC endpoint is host:port; '" + path + "' is not used"));
            }
            if (sinks == null) {
                sinks = section(spec, "events").withArray("sinks");
            }
            sinks.addObject().put("type", "grpc").put("name", "endpoint-" + i + "-" + host).put("url", host + ":" + port);
            origins.put("spec.events.sinks[" + (sinks.size() - 1) + "]", key);
        }
    }

    /** controller-runtime's ControllerManagerConfigurationSpec, the Go file's {@code controller} section. */
    private static void adoptControllerRuntime(ObjectNode root, ObjectNode controller, List<String> warnings, Map<String, String> origins) {
        if (controller.get("leaderElection") instanceof ObjectNode election) {
            ObjectNode ours = section(section(root, "system"), "leaderElection");
            move(election, "leaderElect", ours, "enabled", "controller.leaderElection.leaderElect", warnings, origins);
            move(election, "resourceName", ours, "id", "controller.leaderElection.resourceName", warnings, origins);
            move(election, "resourceNamespace", ours, "namespace", "controller.leaderElection.resourceNamespace", warnings, origins);
            for (String duration : List.of("leaseDuration", "renewDeadline", "retryPeriod")) {
                move(election, duration, ours, duration, "controller.leaderElection." + duration, warnings, origins);
            }
            election.fieldNames().forEachRemaining(key -> warnings.add(ignored("controller.leaderElection." + key,
                    "the controller always holds a coordination Lease")));
            controller.remove("leaderElection");
        }
        adoptBindAddress(root, controller, "metrics", "bindAddress", "metricsPort", warnings, origins);
        adoptBindAddress(root, controller, "health", "healthProbeBindAddress", "healthPort", warnings, origins);
        for (Iterator<String> keys = controller.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            warnings.add(ignored("controller." + key, "a controller-runtime setting with no counterpart here (docs/controller.md)"));
        }
    }

    /** {@code ":8080"} (controller-runtime's form) becomes {@code spec.monitoring.<port>: 8080}. */
    private static void adoptBindAddress(ObjectNode root, ObjectNode controller, String section, String key, String port,
                                         List<String> warnings, Map<String, String> origins) {
        if (!(controller.get(section) instanceof ObjectNode node)) {
            return;
        }
        String path = "controller." + section + "." + key;
        JsonNode address = node.remove(key);
        if (address != null && address.isTextual()) {
            String text = address.asText();
            String digits = text.substring(text.lastIndexOf(':') + 1);
            if (digits.matches("[0-9]{1,5}") && !digits.equals("0")) {
                ObjectNode monitoring = section(section(root, "spec"), "monitoring");
                IntNode value = IntNode.valueOf(Integer.parseInt(digits));
                if (!monitoring.has(port)) {
                    monitoring.set(port, value);
                    origins.put("spec.monitoring." + port, path);
                } else if (!monitoring.get(port).equals(value)) {
                    warnings.add(ignored(path, "spec.monitoring." + port + " is set too and wins"));
                }
            } else {
                warnings.add(ignored(path, "'" + text + "' is not a port to listen on; spec.monitoring." + port + " decides"));
            }
        }
        node.fieldNames().forEachRemaining(other -> warnings.add(ignored("controller." + section + "." + other,
                "a controller-runtime setting with no counterpart here (docs/controller.md)")));
        controller.remove(section);
    }

    private static void move(ObjectNode from, String key, ObjectNode to, String ourKey, String path, List<String> warnings,
                             Map<String, String> origins) {
        JsonNode value = from.remove(key);
        if (value == null) {
            return;
        }
        if (!to.has(ourKey)) {
            to.set(ourKey, value);
            origins.put("system.leaderElection." + ourKey, path);
        } else if (!to.get(ourKey).equals(value)) {
            warnings.add(ignored(path, "system.leaderElection." + ourKey + " is set too and wins"));
        }
    }

    private static final java.util.regex.Pattern NAMED_KEY = java.util.regex.Pattern.compile("configuration key '([^']*)'");

    /**
     * {@code e}, naming the Go operator's key when the key it names (or the one holding it) took that key's value:
     * a user looks for what the file says.
     */
    static ConfigurationException inTheFilesWords(ConfigurationException e, Map<String, String> origins) {
        java.util.regex.Matcher named = NAMED_KEY.matcher(e.getMessage());
        if (!named.find()) {
            return e;
        }
        String key = named.group(1);
        for (Map.Entry<String, String> origin : origins.entrySet()) {
            String ours = origin.getKey();
            if (key.equals(ours) || key.startsWith(ours + ".") || key.startsWith(ours + "[")) {
                return new ConfigurationException(e.getMessage().substring(0, named.start()) + "configuration key '" + origin.getValue()
                        + "' (read as " + key + ")" + e.getMessage().substring(named.end()));
            }
        }
        return e;
    }

    private static ObjectNode section(ObjectNode parent, String name) {
        JsonNode child = parent.get(name);
        if (child instanceof ObjectNode object) {
            return object;
        }
        if (child != null && !child.isNull()) {
            throw new ConfigurationException("configuration key '" + name + "': must be a mapping");
        }
        return parent.putObject(name);
    }

    private static String ignored(String key, String reason) {
        return "configuration key '" + key + "' (from the Go operator) is ignored: " + reason;
    }
}
