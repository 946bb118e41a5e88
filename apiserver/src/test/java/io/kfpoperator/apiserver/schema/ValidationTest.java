package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kfpoperator.apiserver.schema.Yaml.messages;
import static io.kfpoperator.apiserver.schema.Yaml.node;
import static io.kfpoperator.apiserver.schema.Yaml.schema;
import static org.assertj.core.api.Assertions.assertThat;

class ValidationTest {

    private static final StructuralSchema SCHEMA = schema("""
            type: object
            properties:
              spec:
                type: object
                required: [provider]
                properties:
                  provider: {type: string}
                  replicas: {type: integer, minimum: 1, maximum: 10}
                  window: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true}
                  ratio: {type: number, maximum: 1}
                  big: {type: number, maximum: 1000000}
                  step: {type: integer, multipleOf: 5}
                  half: {type: number, multipleOf: 0.5}
                  enabled: {type: boolean}
                  name: {type: string, minLength: 3, maxLength: 5, pattern: '^[a-z]+$'}
                  mode: {type: string, enum: [a, b]}
                  level: {type: integer, enum: [1, 2]}
                  at: {type: string, format: date-time}
                  day: {type: string, format: date}
                  loose: {type: string, format: int32}
                  note: {type: string, nullable: true}
                  port:
                    x-kubernetes-int-or-string: true
                    anyOf: [{type: integer}, {type: string}]
                  words:
                    type: array
                    minItems: 1
                    maxItems: 2
                    items: {type: string}
                  env:
                    type: object
                    minProperties: 1
                    maxProperties: 2
                    additionalProperties: {type: string}
                  tags:
                    type: array
                    x-kubernetes-list-type: set
                    items: {type: string}
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        port: {type: integer}
                  endpoints:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [host, port]
                    items:
                      type: object
                      properties:
                        host: {type: string}
                        port: {type: integer}
                  closed:
                    type: object
                    additionalProperties: false
                    properties:
                      known: {type: string}
                  choice:
                    type: object
                    properties:
                      a: {type: string}
                      b: {type: string}
                    oneOf:
                    - required: [a]
                    - required: [b]
                  both:
                    type: string
                    allOf:
                    - minLength: 2
                    - maxLength: 3
                  notEmpty:
                    type: string
                    not: {maxLength: 0}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    x-kubernetes-preserve-unknown-fields: true
              status:
                type: object
                properties:
                  conditions:
                    type: array
                    items:
                      type: object
                      required: [type]
                      properties:
                        type: {type: string, pattern: '^[A-Z]'}
            """);

    private static List<String> errors(String yaml) {
        return messages(SCHEMA.validate(node(yaml)));
    }

    private static String spec(String fields) {
        return "spec: {provider: p, " + fields + "}";
    }

    @Test
    void aValidObjectHasNoErrors() {
        assertThat(errors(spec("replicas: 3, name: abc, mode: a, port: 8080, words: [x], at: '2026-01-01T10:00:00Z'"))).isEmpty();
    }

    @Test
    void wrongTypeIsReportedAsKubeApiserverDoes() {
        assertThat(errors(spec("replicas: three, enabled: 'yes', words: {a: 1}"))).containsExactly(
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                "spec.enabled: Invalid value: \"string\": spec.enabled in body must be of type boolean: \"string\"",
                "spec.words: Invalid value: \"object\": spec.words in body must be of type array: \"object\"");
    }

    @Test
    void integersMayBeWrittenAsIntegralFloatsButNotAsFractions() {
        assertThat(errors(spec("replicas: 2.0"))).isEmpty();
        assertThat(errors(spec("replicas: 2.5"))).containsExactly(
                "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"");
        assertThat(errors(spec("ratio: 1"))).as("integers are numbers").isEmpty();
    }

    @Test
    void intOrStringRejectsOtherTypesWithTheAnyOfMessages() {
        assertThat(errors(spec("port: 80"))).isEmpty();
        assertThat(errors(spec("port: http"))).isEmpty();
        assertThat(errors(spec("port: true"))).containsExactly(
                "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"",
                "<nil>: Invalid value: \"\": \"spec.port\" must validate at least one schema (anyOf)",
                "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer: \"boolean\"");
    }

    @Test
    void nullIsOnlyAllowedWhereNullable() {
        assertThat(errors(spec("note: null"))).isEmpty();
        assertThat(errors(spec("words: [null]"))).containsExactly(
                "spec.words[0]: Invalid value: \"null\": spec.words[0] in body must be of type string: \"null\"");
    }

    @Test
    void enumViolationListsTheSupportedValues() {
        assertThat(errors(spec("mode: c, level: 3"))).containsExactly(
                "spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"",
                "spec.level: Unsupported value: 3: supported values: \"1\", \"2\"");
    }

    @Test
    void stringLimitsReportOnlyTheFirstThatFails() {
        assertThat(errors(spec("name: abcdefg"))).containsExactly("spec.name: Too long: may not be more than 5 bytes");
        assertThat(errors(spec("name: ab"))).containsExactly(
                "spec.name: Invalid value: \"ab\": spec.name in body should be at least 3 chars long");
        assertThat(errors(spec("name: aBc"))).containsExactly(
                "spec.name: Invalid value: \"aBc\": spec.name in body should match '^[a-z]+$'");
    }

    @Test
    void lengthsAreCountedInCharactersNotBytes() {
        StructuralSchema schema = schema("type: object\nproperties: {s: {type: string, maxLength: 3}}");
        assertThat(schema.validate(node("s: äöü"))).isEmpty();
        assertThat(messages(schema.validate(node("s: äöüß")))).containsExactly("s: Too long: may not be more than 3 bytes");
    }

    @Test
    void patternsAreGoRegularExpressions() {
        // Go's $ is the end of the text; Java's would also match before a final newline.
        assertThat(errors(spec("name: \"abc\\n\""))).containsExactly(
                "spec.name: Invalid value: \"abc\\n\": spec.name in body should match '^[a-z]+$'");
    }

    @Test
    void formatsKubeApiserverKnowsAreChecked() {
        assertThat(errors(spec("at: yesterday, day: '2024-02-30'"))).containsExactly(
                "spec.at: Invalid value: \"yesterday\": spec.at in body must be of type date-time: \"yesterday\"",
                "spec.day: Invalid value: \"2024-02-30\": spec.day in body must be of type date: \"2024-02-30\"");
        assertThat(errors(spec("day: '2024-02-29', at: '2024-02-29T23:59:59.5+01:00'"))).isEmpty();
    }

    @Test
    void formatsKubeApiserverDoesNotKnowAreIgnored() {
        assertThat(errors(spec("loose: 'not a number'"))).isEmpty();
    }

    @Test
    void aFormattedStringFieldGivenANumberNamesTheFormat() {
        assertThat(errors(spec("at: 5"))).containsExactly(
                "spec.at: Invalid value: \"int64\": spec.at in body must be of type date-time: \"int64\"");
    }

    @Test
    void missingRequiredPropertyIsReported() {
        assertThat(messages(SCHEMA.validate(node("spec: {}")))).containsExactly("spec.provider: Required value");
    }

    @Test
    void numberLimitsAreReportedWithTheValue() {
        assertThat(errors(spec("replicas: 0"))).containsExactly(
                "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1");
        assertThat(errors(spec("replicas: 11"))).containsExactly(
                "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
        assertThat(errors(spec("window: 0"))).containsExactly(
                "spec.window: Invalid value: 0: spec.window in body should be greater than 0");
        assertThat(errors(spec("window: 10"))).containsExactly(
                "spec.window: Invalid value: 10: spec.window in body should be less than 10");
        assertThat(errors(spec("ratio: 1.5"))).containsExactly(
                "spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than or equal to 1");
    }

    @Test
    void floatsArePrintedAsGoPrintsThem() {
        assertThat(errors(spec("big: 2.5e7"))).containsExactly(
                "spec.big: Invalid value: 2.5e+07: spec.big in body should be less than or equal to 1e+06");
        assertThat(errors(spec("big: 2000000"))).as("integer values compare with the limit as an integer").containsExactly(
                "spec.big: Invalid value: 2000000: spec.big in body should be less than or equal to 1000000");
    }

    @Test
    void multipleOfIsChecked() {
        assertThat(errors(spec("step: 10, half: 1.5"))).isEmpty();
        assertThat(errors(spec("step: 7, half: 0.7"))).containsExactly(
                "spec.step: Invalid value: 7: spec.step in body should be a multiple of 5",
                "spec.half: Invalid value: 0.7: spec.half in body should be a multiple of 0.5");
    }

    @Test
    void itemAndPropertyCountsAreChecked() {
        assertThat(errors(spec("words: [], env: {}"))).containsExactly(
                "spec.words: Invalid value: 0: spec.words in body should have at least 1 items",
                "spec.env: Invalid value: 0: spec.env in body should have at least 1 properties");
        assertThat(errors(spec("words: [a, b, c], env: {A: a, B: b, C: c}"))).containsExactly(
                "spec.words: Too many: 3: must have at most 2 items",
                "spec.env: Too many: 3: must have at most 2 items");
    }

    @Test
    void additionalPropertiesValuesAreValidatedWithTheKeyInThePath() {
        assertThat(errors(spec("env: {FOO: 1}"))).containsExactly(
                "spec.env.FOO: Invalid value: \"integer\": spec.env.FOO in body must be of type string: \"integer\"");
    }

    @Test
    void additionalPropertiesFalseForbidsOtherKeys() {
        assertThat(errors(spec("closed: {known: a, other: b}"))).containsExactly(
                "spec.closed: Invalid value: \"other\": spec.closed.other in body is a forbidden property");
    }

    @Test
    void listTypeSetReportsEachDuplicateOnce() {
        assertThat(errors(spec("tags: [a, b, a, a, b]"))).containsExactly(
                "spec.tags[2]: Duplicate value: \"a\"",
                "spec.tags[4]: Duplicate value: \"b\"");
    }

    @Test
    void listTypeMapReportsDuplicateKeysAsGoPrintsThem() {
        assertThat(errors(spec("ports: [{name: http, port: 80}, {name: http, port: 81}]"))).containsExactly(
                "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}");
        assertThat(errors(spec("endpoints: [{host: a, port: 1}, {host: a, port: 2}, {port: 1, host: a}]"))).containsExactly(
                "spec.endpoints[2]: Duplicate value: map[string]interface {}{\"host\":\"a\", \"port\":1}");
        assertThat(errors(spec("ports: [{port: 1}, {port: 2}]"))).containsExactly(
                "spec.ports[1]: Duplicate value: map[string]interface {}{}");
    }

    @Test
    void listTypeMapItemsMustBeObjects() {
        assertThat(messages(SCHEMA.validate(node(spec("ports: [x]"))))).contains(
                "spec.ports[0]: Invalid value: \"x\": must be an object for an array of list-type map");
    }

    @Test
    void oneOfAllOfAndNotAreReportedAtTheRoot() {
        assertThat(errors(spec("choice: {a: x, b: y}"))).containsExactly(
                "<nil>: Invalid value: \"\": \"spec.choice\" must validate one and only one schema (oneOf). Found 2 valid alternatives");
        assertThat(errors(spec("choice: {}"))).containsExactly(
                "<nil>: Invalid value: \"\": \"spec.choice\" must validate one and only one schema (oneOf). Found none valid",
                "spec.choice.a: Required value");
        assertThat(errors(spec("both: abcd"))).containsExactly(
                "spec.both: Too long: may not be more than 3 bytes",
                "<nil>: Invalid value: \"\": \"spec.both\" must validate all the schemas (allOf)");
        assertThat(errors(spec("notEmpty: ''"))).containsExactly(
                "<nil>: Invalid value: \"\": \"spec.notEmpty\" must not validate the schema (not)");
    }

    @Test
    void embeddedResourcesNeedApiVersionKindAndValidMetadata() {
        assertThat(errors(spec("template: {metadata: {name: 'a/b'}}"))).containsExactly(
                "spec.template.apiVersion: Required value: must not be empty",
                "spec.template.kind: Required value: must not be empty",
                "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'");
        assertThat(errors(spec("template: {apiVersion: a/b/c, kind: 'My_Kind'}"))).containsExactly(
                "spec.template.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c",
                "spec.template.kind: Invalid value: \"My_Kind\": may have mixed case, but should otherwise match: "
                        + "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
                        + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
                        + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        assertThat(errors(spec("template: {apiVersion: v1, kind: Pod}"))).isEmpty();
    }

    @Test
    void errorsComeAsFieldErrorsWithKubeApiserversReasons() {
        List<FieldError> errs = SCHEMA.validate(node("spec: {replicas: x, mode: c, name: abcdefgh, words: [a, b, c]}"));

        assertThat(errs).extracting(e -> e.type().reason()).containsExactly(
                "FieldValueTypeInvalid", "FieldValueNotSupported", "FieldValueTooLong", "FieldValueTooMany",
                "FieldValueRequired");
        assertThat(errs).extracting(FieldError::field).as("fields in the object's order, then required ones").containsExactly(
                "spec.replicas", "spec.mode", "spec.name", "spec.words", "spec.provider");
    }

    @Test
    void statusIsValidatedWithMessagesNamingThePathInsideTheStatus() {
        List<String> errs = messages(SCHEMA.validateStatus(node("status: {conditions: [{type: ready}, {}]}"), null));

        assertThat(errs).containsExactly(
                "status.conditions[0].type: Invalid value: \"ready\": conditions[0].type in body should match '^[A-Z]'",
                "status.conditions[1].type: Required value");
    }

    @Test
    void updatesKeepUnchangedInvalidValuesButNotChangedOnes() {
        String old = spec("replicas: 20, name: TOOLONGNAME, words: [a]");

        assertThat(SCHEMA.validateUpdate(node(old), node(old))).isEmpty();
        assertThat(messages(SCHEMA.validateUpdate(node(spec("replicas: 30, name: TOOLONGNAME, words: [a]")), node(old))))
                .containsExactly("spec.replicas: Invalid value: 30: spec.replicas in body should be less than or equal to 10");
        assertThat(messages(SCHEMA.validateUpdate(node(spec("replicas: 20, name: TOOLONGNAME, words: [a, b, c]")), node(old))))
                .containsExactly("spec.words: Too many: 3: must have at most 2 items");
    }

    @Test
    void updatesReportNewDuplicatesOnlyIfTheOldObjectHadNone() {
        assertThat(SCHEMA.validateUpdate(node(spec("tags: [a, a, b]")), node(spec("tags: [a, a]")))).isEmpty();
        assertThat(messages(SCHEMA.validateUpdate(node(spec("tags: [a, a]")), node(spec("tags: [a]")))))
                .containsExactly("spec.tags[1]: Duplicate value: \"a\"");
    }

    @Test
    void schemaNodesExposeListAndMapTypes() {
        assertThat(SCHEMA.nodeAt(List.of("spec", "ports")).flatMap(SchemaNode::listType)).contains("map");
        assertThat(SCHEMA.nodeAt(List.of("spec", "ports")).map(SchemaNode::listMapKeys)).contains(List.of("name"));
        assertThat(SCHEMA.nodeAt(List.of("spec", "ports", 0, "port")).flatMap(SchemaNode::type)).contains("integer");
        assertThat(SCHEMA.nodeAt(List.of("spec", "env", "ANY")).flatMap(SchemaNode::type)).contains("string");
        assertThat(SCHEMA.nodeAt(List.of("spec", "nothing"))).isEmpty();
    }
}
