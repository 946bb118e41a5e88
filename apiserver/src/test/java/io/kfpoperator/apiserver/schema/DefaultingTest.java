package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.schema.Yaml.object;
import static io.kfpoperator.apiserver.schema.Yaml.schema;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultingTest {

    private static final StructuralSchema SCHEMA = schema("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  replicas: {type: integer, default: 1}
                  mode: {type: string, default: fast}
                  maybe: {type: string, nullable: true, default: set}
                  options:
                    type: object
                    default: {}
                    properties:
                      retries: {type: integer, default: 3}
                  items:
                    type: array
                    items:
                      type: object
                      default: {kind: blank}
                      properties:
                        kind: {type: string}
                        weight: {type: integer, default: 10}
                  env:
                    type: object
                    additionalProperties:
                      type: object
                      properties:
                        value: {type: string, default: "-"}
                  untouched:
                    type: object
                    properties:
                      inner: {type: string, default: x}
            """);

    @Test
    void missingPropertiesOfAnExistingObjectGetTheirDefault() {
        ObjectNode object = object("spec: {mode: slow}");

        SCHEMA.applyDefaults(object);

        assertThat(object.at("/spec/replicas").intValue()).isEqualTo(1);
        assertThat(object.at("/spec/mode").asText()).isEqualTo("slow");
    }

    @Test
    void objectsThatAreMissingAreNotCreatedForTheirDefaults() {
        ObjectNode object = object("spec: {}");

        SCHEMA.applyDefaults(object);

        assertThat(object.get("spec").has("untouched")).isFalse();
        assertThat(object.has("status")).isFalse();
    }

    @Test
    void defaultsAreThemselvesDefaultedFurtherDown() {
        ObjectNode object = object("spec: {}");

        SCHEMA.applyDefaults(object);

        assertThat(object.at("/spec/options")).isEqualTo(object("{retries: 3}"));
    }

    @Test
    void nullGetsTheDefaultUnlessTheSchemaIsNullable() {
        ObjectNode object = object("spec: {mode: null, maybe: null}");

        SCHEMA.applyDefaults(object);

        assertThat(object.at("/spec/mode").asText()).isEqualTo("fast");
        assertThat(object.at("/spec/maybe").isNull()).isTrue();
    }

    @Test
    void listItemsAndMapValuesAreDefaulted() {
        ObjectNode object = object("spec: {items: [{kind: a}, null], env: {A: {}, B: {value: b}}}");

        SCHEMA.applyDefaults(object);

        assertThat(object.at("/spec/items")).isEqualTo(Yaml.node("[{kind: a, weight: 10}, {kind: blank, weight: 10}]"));
        assertThat(object.at("/spec/env")).isEqualTo(object("{A: {value: '-'}, B: {value: b}}"));
    }

    @Test
    void defaultValuesAreCopiedNotShared() {
        ObjectNode first = object("spec: {}");
        ObjectNode second = object("spec: {}");
        SCHEMA.applyDefaults(first);
        SCHEMA.applyDefaults(second);

        ((ObjectNode) first.at("/spec/options")).put("retries", 9);

        assertThat(second.at("/spec/options/retries").intValue()).isEqualTo(3);
    }
}
