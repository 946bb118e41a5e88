package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kfpoperator.apiserver.schema.Yaml.messages;
import static io.kfpoperator.apiserver.schema.Yaml.object;
import static org.assertj.core.api.Assertions.assertThat;

class ObjectMetaValidationTest {

    private static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String QUALIFIED_NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start "
            + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
            + "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private static List<String> errors(String metadata) {
        return messages(ObjectMetaValidation.validate(object(metadata), true));
    }

    @Test
    void validMetadataHasNoErrors() {
        assertThat(errors("""
                name: hello-world.v1
                namespace: default
                labels: {app: hello, example.com/tier: backend, empty: ''}
                annotations: {example.com/note: anything at all}
                finalizers: [pipelines.kubeflow.org/cleanup, orphan]
                """)).isEmpty();
    }

    @Test
    void customResourceNamesAreDnsSubdomains() {
        assertThat(errors("{name: Foo_x, namespace: default}")).containsExactly(
                "metadata.name: Invalid value: \"Foo_x\": " + SUBDOMAIN_RULE);
        String tooLong = "a".repeat(254);
        assertThat(errors("{name: " + tooLong + ", namespace: default}")).containsExactly(
                "metadata.name: Invalid value: \"" + tooLong + "\": must be no more than 253 characters");
    }

    @Test
    void aNameOrGenerateNameIsRequired() {
        assertThat(errors("{namespace: default}")).containsExactly(
                "metadata.name: Required value: name or generateName is required");
    }

    @Test
    void generateNameMayEndInADashButIsOtherwiseAName() {
        assertThat(errors("{generateName: run-, name: run-x7k2p, namespace: default}")).isEmpty();
        assertThat(errors("{generateName: Run-, name: run-x7k2p, namespace: default}")).containsExactly(
                "metadata.generateName: Invalid value: \"Run-\": " + SUBDOMAIN_RULE);
    }

    @Test
    void namespacesAreDnsLabels() {
        assertThat(errors("{name: a, namespace: My_NS}")).containsExactly(
                "metadata.namespace: Invalid value: \"My_NS\": " + LABEL_RULE);
        assertThat(errors("{name: a, namespace: my.ns}")).containsExactly(
                "metadata.namespace: Invalid value: \"my.ns\": must not contain dots");
        assertThat(errors("{name: a}")).containsExactly("metadata.namespace: Required value");
        assertThat(messages(ObjectMetaValidation.validate(object("{name: a, namespace: x}"), false))).containsExactly(
                "metadata.namespace: Forbidden: not allowed on this type");
    }

    @Test
    void labelKeysAreQualifiedNamesAndValuesLabelValues() {
        assertThat(errors("{name: a, namespace: n, labels: {'bad key!': ok, good: -bad, Example.com/x: y}}")).containsExactly(
                "metadata.labels: Invalid value: \"Example.com/x\": prefix part " + SUBDOMAIN_RULE,
                "metadata.labels: Invalid value: \"bad key!\": name part " + QUALIFIED_NAME_RULE,
                "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
                        + "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        assertThat(errors("{name: a, namespace: n, labels: {k: " + "v".repeat(64) + "}}")).containsExactly(
                "metadata.labels: Invalid value: \"" + "v".repeat(64) + "\": must be no more than 63 characters");
    }

    @Test
    void annotationKeysAreQualifiedNamesInAnyCaseAndAllTogetherAtMost256KiB() {
        assertThat(errors("{name: a, namespace: n, annotations: {Example.COM/Note: x, 'a b': y}}")).containsExactly(
                "metadata.annotations: Invalid value: \"a b\": name part " + QUALIFIED_NAME_RULE);
        ObjectNode meta = object("{name: a, namespace: n}");
        meta.putObject("annotations").put("big", "x".repeat(256 * 1024));
        assertThat(messages(ObjectMetaValidation.validate(meta, true))).containsExactly(
                "metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    @Test
    void finalizersAreQualifiedNames() {
        assertThat(errors("{name: a, namespace: n, finalizers: [a/b/c]}")).containsExactly(
                "metadata.finalizers: Invalid value: \"a/b/c\": a qualified name " + QUALIFIED_NAME_RULE
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        assertThat(errors("{name: a, namespace: n, finalizers: [orphan, foregroundDeletion]}")).containsExactly(
                "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: "
                        + "finalizer orphan and foregroundDeletion cannot be both set");
    }

    @Test
    void ownerReferencesNeedVersionKindNameAndUid() {
        assertThat(errors("{name: a, namespace: n, ownerReferences: [{apiVersion: example.com/, kind: '', name: x}]}")).containsExactly(
                "metadata.ownerReferences.apiVersion: Invalid value: \"example.com/\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty");
    }

    @Test
    void finalizersWithoutADomainGetWarnings() {
        assertThat(ObjectMetaValidation.finalizerWarnings(object("{finalizers: [cleanup, example.com, example.com/x, orphan]}"), null))
                .containsExactly(
                        "metadata.finalizers: \"cleanup\": prefer a domain-qualified finalizer name to avoid accidental "
                                + "conflicts with other finalizer writers",
                        "metadata.finalizers: \"example.com\": prefer a domain-qualified finalizer name including a path (/) "
                                + "to avoid accidental conflicts with other finalizer writers");
        assertThat(ObjectMetaValidation.finalizerWarnings(object("{finalizers: [cleanup]}"), object("{finalizers: [cleanup]}")))
                .as("only added finalizers are warned about").isEmpty();
    }

    @Test
    void updatesKeepIdentityFieldsAndNeedAResourceVersion() {
        ObjectNode old = object("{name: a, namespace: n, uid: u1, resourceVersion: '5', generation: 2, creationTimestamp: '2026-01-01T00:00:00Z'}");

        assertThat(ObjectMetaValidation.validateUpdate(old, old)).isEmpty();
        assertThat(messages(ObjectMetaValidation.validateUpdate(
                object("{name: b, namespace: n, uid: u1, generation: 1, creationTimestamp: '2026-01-02T00:00:00Z'}"), old)))
                .containsExactly(
                        "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
                        "metadata.generation: Invalid value: 1: must not be decremented",
                        "metadata.name: Invalid value: \"b\": field is immutable",
                        "metadata.creationTimestamp: Invalid value: 2026-01-02 00:00:00 +0000 UTC: field is immutable");
    }

    @Test
    void noFinalizersMayBeAddedWhileDeleting() {
        ObjectNode old = object("{name: a, resourceVersion: '1', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [x/a]}");
        ObjectNode updated = object("{name: a, resourceVersion: '1', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [x/a, x/c, x/b]}");

        assertThat(messages(ObjectMetaValidation.validateUpdate(updated, old))).containsExactly(
                "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
                        + "found new finalizers []string{\"x/b\", \"x/c\"}");
    }

    @Test
    void unknownMetadataFieldsAreReportedWithTheirPath() {
        ObjectNode meta = object("{name: a, bogus: 1, managedFields: [{manager: m, nope: 2}]}");

        assertThat(ObjectMetaValidation.pruneUnknownFields(meta, "metadata"))
                .containsExactly("metadata.bogus", "metadata.managedFields[0].nope");
        assertThat(meta).isEqualTo(object("{name: a, managedFields: [{manager: m}]}"));
    }
}
