package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.time.Instant;

/** Objects, schemas and times for the apply tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final String V1BETA1 = "pipelines.kubeflow.org/v1beta1";
    static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2024-05-01T11:00:00.750Z");
    static final Instant T3 = Instant.parse("2024-05-01T12:00:00Z");

    private Fixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode managedFields(JsonNode object) {
        return object.path("metadata").path("managedFields");
    }

    /** A RunConfiguration-like CRD version schema with each kind of list. */
    static final ObjectNode SCHEMA = yaml("""
            type: object
            properties:
              apiVersion: {type: string}
              kind: {type: string}
              metadata: {type: object}
              spec:
                type: object
                properties:
                  image: {type: string}
                  replicas: {type: integer}
                  tags:
                    type: array
                    x-kubernetes-list-type: set
                    items: {type: string}
                  env:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        value: {type: string}
                  triggers:
                    type: object
                    properties:
                      schedules:
                        type: array
                        items:
                          type: object
                          properties:
                            cronExpression: {type: string}
                  parameters:
                    type: object
                    additionalProperties: {type: string}
                  resources:
                    type: object
                    x-kubernetes-map-type: atomic
                    properties:
                      cpu: {type: string}
                      memory: {type: string}
              status:
                type: object
                properties:
                  phase: {type: string}
                  conditions:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [type]
                    items:
                      type: object
                      properties:
                        type: {type: string}
                        status: {type: string}
            """);

    static MergeRules rules() {
        return MergeRules.fromSchema(SCHEMA);
    }

    static FieldManager manager() {
        return new FieldManager(rules(), false, "RunConfiguration");
    }

    static FieldManager managerWithStatus() {
        return new FieldManager(rules(), true, "RunConfiguration");
    }

    /** A RunConfiguration apply body with the given spec (YAML flow or block, indented under spec). */
    static ObjectNode runConfiguration(String specYaml) {
        return yaml("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: rc
                  namespace: ns
                spec:
                """ + specYaml.indent(2));
    }

    /** What the server adds when it stores an object. */
    static ObjectNode stored(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        metadata.put("uid", "0b7e5f8e-1111-2222-3333-444455556666");
        metadata.put("resourceVersion", "1");
        metadata.put("generation", 1);
        metadata.put("creationTimestamp", "2024-05-01T09:00:00Z");
        return copy;
    }
}
