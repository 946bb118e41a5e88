package io.kfpoperator.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries out an entry-point WorkflowTemplate the way Argo's controller would for its steps
 * templates: step groups in order, arguments resolved from workflow parameters and earlier steps'
 * outputs, script steps run with {@link WorkflowStep}, the {@code main} outputs resolved at the end.
 * Container steps (compile) are handed to a stand-in, which sees the resolved template inputs.
 */
final class WorkflowRun {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

    /** Phase ("Succeeded" or "Failed"), the main template's outputs, and the steps that ran. */
    record Result(String phase, Map<String, String> outputs, List<String> steps, String log) {
    }

    /** Resolved inputs of a container step: parameters by name, artifact contents by name. */
    record ContainerInputs(Map<String, String> parameters, Map<String, String> artifacts) {
    }

    private final Map<String, JsonNode> templates;
    private final Path dir;
    private final Map<String, String> workflowParameters;
    private final Map<String, BiFunction<JsonNode, ContainerInputs, Map<String, String>>> containerSteps = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> artifacts = new HashMap<>();

    WorkflowRun(Map<String, JsonNode> templates, Path dir, Map<String, String> workflowParameters) {
        this.templates = templates;
        this.dir = dir;
        this.workflowParameters = workflowParameters;
        workflowParameters.forEach((k, v) -> values.put("workflow.parameters." + k, v));
    }

    /** A stand-in for the container template {@code name}: returns its output artifacts' contents by name. */
    WorkflowRun container(String name, BiFunction<JsonNode, ContainerInputs, Map<String, String>> standIn) {
        containerSteps.put(name, standIn);
        return this;
    }

    Result run(String workflowTemplate) {
        JsonNode spec = templates.get(workflowTemplate).path("spec");
        List<String> declared = new ArrayList<>();
        spec.at("/arguments/parameters").forEach(p -> declared.add(p.path("name").asText()));
        if (!declared.containsAll(workflowParameters.keySet()) || !workflowParameters.keySet().containsAll(declared)) {
            throw new AssertionError(workflowTemplate + " declares " + declared + " but the operator passes " + workflowParameters.keySet());
        }
        JsonNode main = ProviderWorkflowsChartTest.template(templates.get(workflowTemplate), spec.path("entrypoint").asText());
        List<String> ran = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        for (JsonNode group : main.path("steps")) {
            for (JsonNode step : group) {
                String name = step.path("name").asText();
                ran.add(name);
                JsonNode template = ProviderWorkflowsChartTest.template(templates.get(step.at("/templateRef/name").asText()),
                        step.at("/templateRef/template").asText());
                Map<String, String> parameters = new LinkedHashMap<>();
                step.at("/arguments/parameters").forEach(p -> parameters.put(p.path("name").asText(), substitute(p.path("value").asText())));
                Map<String, String> inputArtifacts = new LinkedHashMap<>();
                step.at("/arguments/artifacts").forEach(a -> inputArtifacts.put(a.path("name").asText(),
                        a.has("from") ? artifact(a.path("from").asText()) : substitute(a.at("/raw/data").asText())));
                template.at("/inputs/parameters").forEach(p -> {
                    if (!parameters.containsKey(p.path("name").asText())) {
                        throw new AssertionError("step " + name + " does not pass input parameter " + p.path("name").asText());
                    }
                });
                if (template.has("script")) {
                    WorkflowStep script = new WorkflowStep(template, newDir(name));
                    values.forEach((k, v) -> {
                        if (k.startsWith("workflow.parameters.")) {
                            script.workflowParameter(k.substring("workflow.parameters.".length()), v);
                        }
                    });
                    parameters.forEach(script::input);
                    inputArtifacts.forEach(script::artifact);
                    WorkflowStep.Outcome outcome = script.run();
                    log.append(name).append(": ").append(outcome.describe()).append('\n');
                    if (outcome.exitCode() != 0) {
                        return new Result("Failed", Map.of(), ran, log.toString());
                    }
                    outcome.outputs().forEach((k, v) -> values.put("steps." + name + ".outputs." + (k.equals("result") ? "result" : "parameters." + k), v));
                    outcome.outputArtifacts().forEach((k, path) -> artifacts.put("steps." + name + ".outputs.artifacts." + k, read(path)));
                } else {
                    BiFunction<JsonNode, ContainerInputs, Map<String, String>> standIn = containerSteps.get(template.path("name").asText());
                    if (standIn == null) {
                        throw new AssertionError("no stand-in for container step " + template.path("name").asText());
                    }
                    standIn.apply(template, new ContainerInputs(parameters, inputArtifacts))
                            .forEach((k, v) -> artifacts.put("steps." + name + ".outputs.artifacts." + k, v));
                }
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        main.at("/outputs/parameters").forEach(p -> outputs.put(p.path("name").asText(), substitute(p.at("/valueFrom/parameter").asText())));
        return new Result("Succeeded", outputs, ran, log.toString());
    }

    private String substitute(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new AssertionError("nothing produced {{" + matcher.group(1) + "}}; known: " + values.keySet());
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(result).toString();
    }

    private String artifact(String from) {
        Matcher matcher = PLACEHOLDER.matcher(from);
        if (!matcher.matches() || !artifacts.containsKey(matcher.group(1))) {
            throw new AssertionError("no artifact " + from + "; known: " + artifacts.keySet());
        }
        return artifacts.get(matcher.group(1));
    }

    private Path newDir(String step) {
        try {
            return Files.createTempDirectory(dir, step);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new AssertionError("step did not write its output artifact " + path, e);
        }
    }
}
