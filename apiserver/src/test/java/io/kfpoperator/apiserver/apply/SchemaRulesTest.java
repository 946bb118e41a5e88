package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static io.kfpoperator.apiserver.apply.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/** How CRD schema markers shape ownership. */
class SchemaRulesTest {

    private static ObjectNode apply(String schemaYaml, String specYaml) {
        FieldManager fields = new FieldManager(MergeRules.fromSchema(yaml(schemaYaml)), false, "Thing");
        ObjectNode config = yaml("""
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: t}
                spec:
                """ + specYaml.indent(2));
        return fields.apply(null, config, "m", false, null, "example.com/v1", T1);
    }

    @Test
    void underPreserveUnknownFieldsEveryKeyIsOwnedAndListsAreAtomic() {
        ObjectNode result = apply("""
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                """, """
                free: {a: 1, list: [1, 2]}
                """);

        assertThat(result.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("""
                {"f:spec":{"f:free":{".":{},"f:a":{},"f:list":{}}}}
                """));
    }

    @Test
    void listsWithoutAListTypeAreAtomic() {
        ObjectNode result = apply("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      items: {type: array, items: {type: object, properties: {name: {type: string}}}}
                """, "items: [{name: a}]\n");

        assertThat(result.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("{\"f:spec\":{\"f:items\":{}}}"));
    }

    @Test
    void aKeyTheItemOmitsTakesItsSchemaDefault() {
        ObjectNode result = apply("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      ports:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [port, protocol]
                        items:
                          type: object
                          properties:
                            port: {type: integer}
                            protocol: {type: string, default: TCP}
                """, "ports: [{port: 80}]\n");

        assertThat(result.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("""
                {"f:spec":{"f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}}}}}
                """));
    }

    @Test
    void anEmbeddedResourceHasObjectMetaAndAnEmptyObjectIsOwnedItself() {
        ObjectNode result = apply("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      template:
                        type: object
                        x-kubernetes-embedded-resource: true
                        x-kubernetes-preserve-unknown-fields: true
                      options: {type: object, properties: {debug: {type: boolean}}}
                """, """
                template: {apiVersion: v1, kind: Pod, metadata: {labels: {a: b}}, spec: {x: 1}}
                options: {}
                """);

        assertThat(result.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("""
                {"f:spec":{"f:options":{},
                           "f:template":{"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:labels":{"f:a":{}}},
                                         "f:spec":{".":{},"f:x":{}}}}}
                """));
    }
}
