package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kfpoperator.apiserver.apply.Fixtures.JSON;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldsV1Test {

    private static final PathElement SPEC = new PathElement.Field("spec");
    private static final PathElement PORTS = new PathElement.Field("ports");
    private static final PathElement PORT_80 = new PathElement.Key(List.of(
            new PathElement.KeyField("protocol", TextNode.valueOf("TCP")),
            new PathElement.KeyField("containerPort", IntNode.valueOf(80))));

    @Test
    void keysAreSortedFieldsFirstAndAnItemOwnedWithItsFieldsGetsADot() throws Exception {
        FieldSet set = FieldSet.of(List.of(
                List.of(SPEC, PORTS, PORT_80),
                List.of(SPEC, PORTS, PORT_80, new PathElement.Field("containerPort")),
                List.of(SPEC, new PathElement.Field("tags"), new PathElement.Value(TextNode.valueOf("b"))),
                List.of(SPEC, new PathElement.Field("tags"), new PathElement.Value(TextNode.valueOf("a"))),
                List.of(SPEC, new PathElement.Field("image"))));

        String text = JSON.writeValueAsString(set.toFieldsV1());

        assertThat(text).isEqualTo("{\"f:spec\":{\"f:image\":{},"
                + "\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}},"
                + "\"f:tags\":{\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}}}");
        assertThat(FieldSet.fromFieldsV1(JSON.readTree(text))).isEqualTo(set);
    }

    @Test
    void pathsPrintAsKubePrintsThemInConflicts() {
        assertThat(PathElement.toString(List.of(SPEC, PORTS, PORT_80, new PathElement.Field("name"))))
                .isEqualTo(".spec.ports[containerPort=80,protocol=\"TCP\"].name");
        assertThat(PathElement.toString(List.of(SPEC, new PathElement.Field("tags"), new PathElement.Value(TextNode.valueOf("x")))))
                .isEqualTo(".spec.tags[=\"x\"]");
    }

    @Test
    void unknownKeyKindsAreDroppedAndMalformedOnesRejected() throws Exception {
        assertThat(FieldSet.fromFieldsV1(json("{\"f:spec\":{\"x:future\":{},\"f:image\":{}}}")))
                .isEqualTo(FieldSet.of(List.of(List.of(SPEC, new PathElement.Field("image")))));
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{\"spec\":{}}"))).hasMessageContaining("missing colon");
    }

    @Test
    void storedManagedFieldsThatCannotBeReadFailTheApply() {
        FieldManager fields = Fixtures.manager();
        var live = Fixtures.stored(Fixtures.runConfiguration("image: a\n"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) live.get("metadata")).set("managedFields", json("""
                {"m":[{"manager":"x","operation":"Patch","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{}}]}
                """).get("m"));

        assertThatThrownBy(() -> fields.apply(live, Fixtures.runConfiguration("image: b\n"), "alice", false, null, Fixtures.V1BETA1, Fixtures.T1))
                .isInstanceOf(ApplyException.class)
                .hasMessage("failed to decode managed fields: operation must be `Apply` or `Update`");
    }

    @Test
    void theFieldManagerParameterIsCheckedAsKubeChecksIt() {
        assertThat(FieldManager.validateFieldManager("", true)).extracting(Object::toString)
                .containsExactly("fieldManager: Required value: is required for apply patch");
        assertThat(FieldManager.validateFieldManager("", false)).isEmpty();
        assertThat(FieldManager.validateFieldManager("m".repeat(129), false)).extracting(Object::toString)
                .containsExactly("fieldManager: Too long: may not be more than 128 bytes");
    }
}
