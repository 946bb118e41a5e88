package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.schema.Yaml.object;
import static io.kfpoperator.apiserver.schema.Yaml.schema;
import static org.assertj.core.api.Assertions.assertThat;

class PruningTest {

    private static final StructuralSchema SCHEMA = schema("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  name: {type: string}
                  list:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string}
                  labels:
                    type: object
                    additionalProperties:
                      type: object
                      properties:
                        value: {type: string}
                  free:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      known:
                        type: object
                        properties:
                          a: {type: string}
                  port:
                    x-kubernetes-int-or-string: true
                    anyOf: [{type: integer}, {type: string}]
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      spec:
                        type: object
                        properties:
                          image: {type: string}
                  nullableName: {type: string, nullable: true}
                  defaulted: {type: string, default: "x"}
                  anything:
                    type: object
                    additionalProperties: true
            """);

    @Test
    void unknownNestedFieldIsPrunedAndReported() {
        ObjectNode object = object("""
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: a}
                spec: {name: a, foo: 1}
                """);

        assertThat(SCHEMA.prune(object)).containsExactly("spec.foo");
        assertThat(object).isEqualTo(object("""
                apiVersion: example.com/v1
                kind: Thing
                metadata: {name: a}
                spec: {name: a}
                """));
    }

    @Test
    void unknownFieldsOfListItemsAreReportedWithTheirIndex() {
        ObjectNode object = object("spec: {list: [{name: a}, {name: b, bar: 1, baz: 2}]}");

        assertThat(SCHEMA.prune(object)).containsExactly("spec.list[1].bar", "spec.list[1].baz");
        assertThat(object.at("/spec/list/1").size()).isEqualTo(1);
    }

    @Test
    void mapValuesAreSpelledWithADotAsKubeApiserverDoes() {
        ObjectNode object = object("spec: {labels: {team: {value: x, extra: y}}}");

        assertThat(SCHEMA.prune(object)).containsExactly("spec.labels.team.extra");
    }

    @Test
    void pathsComeSortedInGoStringOrder() {
        ObjectNode object = object("spec: {zeta: 1, Alpha: 2, beta: 3}");

        assertThat(SCHEMA.prune(object)).containsExactly("spec.Alpha", "spec.beta", "spec.zeta");
    }

    @Test
    void apiVersionKindAndMetadataStayAtTheRootButNotBelowIt() {
        ObjectNode object = object("""
                apiVersion: v1
                kind: Thing
                metadata: {name: a}
                status: {}
                spec: {kind: nested, metadata: {}}
                """);

        assertThat(SCHEMA.prune(object)).containsExactly("spec.kind", "spec.metadata", "status");
        assertThat(object.has("apiVersion")).isTrue();
        assertThat(object.has("kind")).isTrue();
        assertThat(object.has("metadata")).isTrue();
    }

    @Test
    void unknownMetadataFieldsAreDroppedAndListedFirst() {
        ObjectNode object = object("""
                metadata:
                  name: a
                  zz: 1
                  aa: 2
                  ownerReferences: [{apiVersion: v1, kind: Pod, name: p, uid: u, extra: 1}]
                spec: {b: 1}
                """);

        assertThat(SCHEMA.prune(object)).containsExactly(
                "metadata.aa", "metadata.ownerReferences[0].extra", "metadata.zz", "spec.b");
        assertThat(object.get("metadata").has("zz")).isFalse();
    }

    @Test
    void preservedUnknownFieldsStayButDeclaredSubtreesArePruned() {
        ObjectNode object = object("spec: {free: {anything: {goes: 1}, known: {a: x, b: y}}}");

        assertThat(SCHEMA.prune(object)).containsExactly("spec.free.known.b");
        assertThat(object.at("/spec/free/anything/goes").intValue()).isEqualTo(1);
    }

    @Test
    void embeddedResourceKeepsApiVersionKindAndMetadataAndDropsUnknownMetadataFields() {
        ObjectNode object = object("""
                spec:
                  template:
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p, bogus: 1}
                    spec: {image: i, other: 2}
                    status: {}
                """);

        assertThat(SCHEMA.prune(object)).containsExactly(
                "spec.template.spec.other", "spec.template.status", "spec.template.metadata.bogus");
        assertThat(object.at("/spec/template/kind").asText()).isEqualTo("Pod");
        assertThat(object.at("/spec/template/metadata/name").asText()).isEqualTo("p");
        assertThat(object.at("/spec/template/metadata").has("bogus")).isFalse();
    }

    @Test
    void intOrStringValuesAreKeptWhateverTheirType() {
        ObjectNode object = object("spec: {port: {not: valid}}");

        // Pruning drops the fields of the object: int-or-string declares no properties.
        assertThat(SCHEMA.prune(object)).containsExactly("spec.port.not");
        assertThat(object.at("/spec/port").isObject()).isTrue();
    }

    @Test
    void nullsThatAreNeitherNullableNorDefaultedAreDroppedSilently() {
        ObjectNode object = object("spec: {name: null, nullableName: null, defaulted: null}");

        assertThat(SCHEMA.prune(object)).isEmpty();
        assertThat(object.get("spec").has("name")).isFalse();
        assertThat(object.get("spec").get("nullableName").isNull()).isTrue();
        assertThat(object.get("spec").get("defaulted").isNull()).isTrue();
    }

    @Test
    void additionalPropertiesTrueKeepsValuesButPrunesFieldsOfObjectValues() {
        ObjectNode object = object("spec: {anything: {a: 1, b: {c: 2}}}");

        assertThat(SCHEMA.prune(object)).containsExactly("spec.anything.b.c");
        assertThat(object.at("/spec/anything/a").intValue()).isEqualTo(1);
    }

    @Test
    void rootWithPreserveUnknownFieldsKeepsEverything() {
        StructuralSchema schema = schema("type: object\nx-kubernetes-preserve-unknown-fields: true");
        ObjectNode object = object("spec: {anything: 1}");

        assertThat(schema.prune(object)).isEmpty();
        assertThat(object.at("/spec/anything").intValue()).isEqualTo(1);
    }
}
