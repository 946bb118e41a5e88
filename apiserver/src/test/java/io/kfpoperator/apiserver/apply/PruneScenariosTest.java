package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.T2;
import static io.kfpoperator.apiserver.apply.Fixtures.T3;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static io.kfpoperator.apiserver.apply.Fixtures.yaml;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.withoutManagedFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an applier's dropped fields leave behind when structs, nulls and other managers are involved
 * (the scenarios of structured-merge-diff's nested-struct tests).
 */
class PruneScenariosTest {

    private final FieldManager fields = new FieldManager(MergeRules.fromSchema(yaml("""
            type: object
            properties:
              struct:
                type: object
                properties:
                  name: {type: string}
                  value: {type: number}
            """)), false, "Thing");

    private static ObjectNode thing(String body) {
        return yaml("apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\n" + body);
    }

    private ObjectNode apply(ObjectNode live, String body, java.time.Instant at) {
        return fields.apply(live, thing(body), "default", false, null, "example.com/v1", at);
    }

    private ObjectNode update(ObjectNode live, String body) {
        ObjectNode next = thing(body);
        next.set("metadata", live.get("metadata").deepCopy());
        fields.recordUpdate(live, next, "controller", null, "example.com/v1", T2);
        return next;
    }

    private static ObjectNode expected(String body) {
        return thing(body);
    }

    @Test
    void droppingEverythingRemovesTheStructAndTheEntry() {
        ObjectNode live = apply(null, "struct: {name: a, value: 1}\n", T1);

        ObjectNode result = apply(live, "", T2);

        assertThat(result).isEqualTo(expected(""));
        assertThat(result.at("/metadata/managedFields").isMissingNode()).isTrue();
    }

    @Test
    void applyingTheStructAsNullKeepsItAsNullAndOwned() {
        ObjectNode live = apply(null, "struct: {name: a}\n", T1);

        ObjectNode result = apply(live, "struct:\n", T2);

        assertThat(withoutManagedFields(result)).isEqualTo(expected("struct:\n"));
        assertThat(result.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("{\"f:struct\":{}}"));
    }

    @Test
    void droppingEverythingLeavesWhatAnUpdaterAdded() {
        ObjectNode live = apply(null, "struct: {name: a}\n", T1);
        live = update(live, "struct: {name: a, value: 1}\n");

        ObjectNode result = apply(live, "", T3);

        assertThat(withoutManagedFields(result)).isEqualTo(expected("struct: {value: 1}\n"));
    }

    @Test
    void anEmptyOrNullStructKeepsWhatAnUpdaterAdded() {
        ObjectNode live = apply(null, "struct: {name: a}\n", T1);
        live = update(live, "struct: {name: a, value: 1}\n");

        assertThat(withoutManagedFields(apply(live, "struct: {}\n", T3))).isEqualTo(expected("struct: {value: 1}\n"));
        assertThat(withoutManagedFields(apply(live, "struct:\n", T3))).isEqualTo(expected("struct: {value: 1}\n"));
    }

    @Test
    void aFieldAnUpdaterTookOverIsNotRemoved() {
        ObjectNode live = apply(null, "struct: {name: a}\n", T1);
        live = update(live, "struct: {name: b, value: 1}\n");

        ObjectNode result = apply(live, "struct:\n", T3);

        assertThat(withoutManagedFields(result)).isEqualTo(expected("struct: {name: b, value: 1}\n"));
    }
}
