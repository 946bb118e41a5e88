package io.kfpoperator.controller.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The strict schema accepts Argo's own examples and refuses a misspelt field, so tests that use it can fail. */
class ArgoSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void acceptsArgosExamples() throws Exception {
        Path examples = ArgoSchema.SCHEMA.getParent().resolve("examples");
        assertThat(ArgoSchema.violations("Workflow", YAML.readTree(examples.resolve("hello-world.yaml").toFile()))).isEmpty();
        assertThat(ArgoSchema.violations("Workflow", YAML.readTree(examples.resolve("dag-diamond.yaml").toFile()))).isEmpty();
        JsonNode usesTemplate = YAML.readTree(examples.resolve("workflow-template-hello-world.yaml").toFile());
        assertThat(ArgoSchema.violations("Workflow", usesTemplate)).isEmpty();
        assertThat(ArgoSchema.violations("WorkflowTemplate", usesTemplate)).containsExactly("$.kind: must be the constant value 'WorkflowTemplate'");
    }

    @Test
    void refusesAnUndeclaredFieldAndAWrongType() throws Exception {
        JsonNode workflow = YAML.readTree(ArgoSchema.SCHEMA.getParent().resolve("examples/hello-world.yaml").toFile());
        ((ObjectNode) workflow.get("spec")).put("entryPiont", "main");
        assertThat(ArgoSchema.violations("Workflow", workflow)).anySatisfy(m -> assertThat(m).contains("entryPiont"));

        JsonNode other = YAML.readTree(ArgoSchema.SCHEMA.getParent().resolve("examples/hello-world.yaml").toFile());
        ((ObjectNode) other.get("spec")).put("activeDeadlineSeconds", "soon");
        assertThat(ArgoSchema.violations("Workflow", other)).isNotEmpty();
    }
}
