package io.kfpoperator.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.apiserver.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kube-apiserver's semantics of x-kubernetes-validations, on small schemas. */
class CelValidatorTest {

    private static CelValidator compile(String schemaYaml) {
        return CelValidator.compile(Crds.yaml(schemaYaml));
    }

    private static List<String> errors(CelValidator v, String object, String old) {
        return v.validate(Crds.yaml(object), old == null ? null : Crds.yaml(old)).stream().map(FieldError::toString).toList();
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedAsCrdValidationWouldRefuseIt() {
        assertThatThrownBy(() -> compile("""
                type: object
                properties:
                  spec:
                    type: object
                    properties: {replicas: {type: integer}}
                    x-kubernetes-validations: [{rule: "self.replicas > 0 && self.nope == 1"}]
                """))
                .isInstanceOf(CelCompilationException.class)
                // validation.go: field.Invalid(path, schema.XValidations[i], cr.Error.Detail), the rule struct printed by %#v.
                .hasMessageStartingWith("openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value:"
                        + " apiextensions.ValidationRule{Rule:\"self.replicas > 0 && self.nope == 1\", Message:\"\","
                        + " MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\","
                        + " OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:26: undefined field 'nope'");
    }

    @Test
    void rulesMustBeBooleanAndOldSelfNeedsCorrelatableValues() {
        assertThatThrownBy(() -> compile("""
                type: object
                properties:
                  n: {type: integer, x-kubernetes-validations: [{rule: "self + 1"}]}
                  l:
                    type: array
                    items: {type: string, x-kubernetes-validations: [{rule: "self == oldSelf"}]}
                """))
                .isInstanceOfSatisfying(CelCompilationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::toString)
                        .containsExactly(
                                "openAPIV3Schema.properties[n].x-kubernetes-validations[0].rule: Invalid value:"
                                        + " apiextensions.ValidationRule{Rule:\"self + 1\", Message:\"\", MessageExpression:\"\","
                                        + " Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\","
                                        + " OptionalOldSelf:(*bool)(nil)}: cel expression must evaluate to a bool",
                                "openAPIV3Schema.properties[l].items.x-kubernetes-validations[0].rule: Invalid value:"
                                        + " \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the"
                                        + " schema within openAPIV3Schema.properties[l]"));
    }

    @Test
    void valuesAreTypedFromTheSchema() {
        CelValidator v = compile("""
                type: object
                properties:
                  i: {type: integer, x-kubernetes-validations: [{rule: "self == 3 && type(self) == int"}]}
                  d: {type: number, x-kubernetes-validations: [{rule: "self == 3.0 && self > 2"}]}
                  t: {type: string, format: date-time, x-kubernetes-validations: [{rule: "self > timestamp('2020-01-01T00:00:00Z')"}]}
                  p: {type: string, format: duration, x-kubernetes-validations: [{rule: "self > duration('1m')"}]}
                  ios: {x-kubernetes-int-or-string: true, x-kubernetes-validations: [{rule: "type(self) == int ? self < 5 : self.endsWith('%')"}]}
                  m:
                    type: object
                    additionalProperties: {type: string}
                    x-kubernetes-validations: [{rule: "self.all(k, k.startsWith('x-') && self[k] != '')"}]
                """);
        assertThat(errors(v, "{i: 3, d: 3, t: '2024-05-01T10:00:00Z', p: 1h30m, ios: 4, m: {x-a: b}}", null)).isEmpty();
        assertThat(errors(v, "{ios: '50%'}", null)).isEmpty();
        assertThat(errors(v, "{i: 4, d: 1.5, t: '2010-05-01T10:00:00Z', p: 30s, ios: 7, m: {a: b}}", null))
                .containsExactly(
                        "i: Invalid value: 4: failed rule: self == 3 && type(self) == int",
                        "d: Invalid value: 1.5: failed rule: self == 3.0 && self > 2",
                        "t: Invalid value: \"2010-05-01T10:00:00Z\": failed rule: self > timestamp('2020-01-01T00:00:00Z')",
                        "p: Invalid value: \"30s\": failed rule: self > duration('1m')",
                        "ios: Invalid value: 7: failed rule: type(self) == int ? self < 5 : self.endsWith('%')",
                        "m: Invalid value: failed rule: self.all(k, k.startsWith('x-') && self[k] != '')");
    }

    @Test
    void aRuleOnMapValuesRunsForEachValueAtItsKey() {
        CelValidator v = compile("""
                type: object
                properties:
                  labels:
                    type: object
                    additionalProperties: {type: string, x-kubernetes-validations: [{rule: "size(self) <= 3", message: too long}]}
                """);
        assertThat(errors(v, "{labels: {a: x, b: abcd, c: toolong}}", null))
                .containsExactly("labels[b]: Invalid value: \"abcd\": too long", "labels[c]: Invalid value: \"toolong\": too long");
    }

    @Test
    void messageExpressionReasonAndFieldPathShapeTheError() {
        CelValidator v = compile("""
                type: object
                properties:
                  spec:
                    type: object
                    properties: {min: {type: integer}, max: {type: integer}, name: {type: string}}
                    x-kubernetes-validations:
                    - {rule: "self.min <= self.max", messageExpression: "'min ' + string(self.min) + ' is above max ' + string(self.max)", fieldPath: .min}
                    - {rule: "has(self.name)", message: name is required, reason: FieldValueRequired, fieldPath: "['name']"}
                    - {rule: "self.min >= 0", message: must not be negative, reason: FieldValueForbidden}
                    - {rule: "self.max != 99", reason: FieldValueDuplicate}
                """);
        assertThat(v.validate(Crds.yaml("{spec: {min: -5, max: -6}}"), null)).containsExactly(
                FieldError.invalid("spec.min", null, "min -5 is above max -6"),
                FieldError.required("spec.name", "name is required"),
                FieldError.forbidden("spec", "must not be negative"));
        assertThat(errors(v, "{spec: {min: 1, max: 99, name: x}}", null)).containsExactly("spec: Duplicate value");
    }

    @Test
    void transitionRulesRunOnlyWhereTheOldValueCorrelates() {
        CelValidator v = compile("""
                type: object
                properties:
                  items:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      required: [name]
                      properties: {name: {type: string}, size: {type: integer}}
                      x-kubernetes-validations: [{rule: "self.size >= oldSelf.size", message: may not shrink}]
                """);
        String old = "{items: [{name: a, size: 5}, {name: b, size: 5}]}";
        // 'a' shrinks and is refused; 'c' is new (no old value) so the rule does not run for it; order does not matter
        assertThat(errors(v, "{items: [{name: c, size: 1}, {name: b, size: 6}, {name: a, size: 4}]}", old))
                .containsExactly("items[2]: Invalid value: may not shrink");
        assertThat(errors(v, "{items: [{name: a, size: 1}]}", null)).isEmpty();
    }

    @Test
    void optionalOldSelfRunsOnCreateToo() {
        CelValidator v = compile("""
                type: object
                properties:
                  mode:
                    type: string
                    x-kubernetes-validations:
                    - {rule: "oldSelf.hasValue() ? oldSelf.value() == self : self == 'initial'", optionalOldSelf: true, message: bad mode}
                """);
        assertThat(errors(v, "{mode: initial}", null)).isEmpty();
        assertThat(errors(v, "{mode: other}", null)).containsExactly("mode: Invalid value: \"other\": bad mode");
        assertThat(errors(v, "{mode: other}", "{mode: initial}")).containsExactly("mode: Invalid value: \"other\": bad mode");
        assertThat(errors(v, "{mode: other}", "{mode: other}")).isEmpty();
    }

    @Test
    void setListsCompareWithoutOrder() {
        CelValidator v = compile("""
                type: object
                properties:
                  tags:
                    type: array
                    x-kubernetes-list-type: set
                    items: {type: string}
                  spec:
                    type: object
                    properties: {tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}}
                x-kubernetes-validations: [{rule: "self.spec == oldSelf.spec", message: immutable}]
                """);
        assertThat(errors(v, "{spec: {tags: [b, a]}}", "{spec: {tags: [a, b]}}")).isEmpty();
        assertThat(errors(v, "{spec: {tags: [a, c]}}", "{spec: {tags: [a, b]}}")).containsExactly("<nil>: Invalid value: immutable");
    }

    @Test
    void kubernetesAndExtensionLibrariesAreAvailable() {
        CelValidator v = compile("""
                type: object
                properties:
                  nums: {type: array, items: {type: integer}, x-kubernetes-validations: [{rule: "self.isSorted() && self.sum() == 6 && self.min() == 1 && self.max() == 3 && self.indexOf(2) == 1 && self.lastIndexOf(3) == 2"}]}
                  s: {type: string, x-kubernetes-validations: [{rule: "self.find('[0-9]+') == '42' && self.findAll('[a-z]').size() == 3 && self.lowerAscii().split('-').size() == 2 && self.indexOf('-') == 3"}]}
                  l: {type: array, items: {type: string}, x-kubernetes-validations: [{rule: "sets.contains(self, ['a']) && self.exists(x, x == 'a') && self.map(x, x + '!').all(x, x.endsWith('!')) && self.filter(x, x != 'a').size() == 1"}]}
                """);
        assertThat(errors(v, "{nums: [1, 2, 3], s: abc-42, l: [a, b]}", null)).isEmpty();
        assertThat(errors(v, "{nums: [3, 2, 1], s: xyz, l: [b]}", null)).hasSize(3);
    }

    @Test
    void evaluationErrorsAreReportedWithTheSchemaType() {
        CelValidator v = compile("""
                type: object
                properties:
                  spec:
                    type: object
                    properties: {name: {type: string}, n: {type: integer}}
                    x-kubernetes-validations: [{rule: "self.name == 'x'"}, {rule: "10 / self.n > 1"}]
                """);
        assertThat(errors(v, "{spec: {n: 0}}", null)).containsExactly(
                "spec: Invalid value: \"object\": no such key: name evaluating rule: self.name == 'x'",
                "spec: Invalid value: \"object\": division by zero evaluating rule: 10 / self.n > 1");
    }

    @Test
    void aRuleOverThePerCallLimitStopsValidation() {
        CelValidator v = compile("""
                type: object
                properties:
                  l:
                    type: array
                    items: {type: integer}
                    x-kubernetes-validations: [{rule: "self.all(x, self.all(y, self.all(z, x + y + z >= 0)))"}]
                  m: {type: integer, x-kubernetes-validations: [{rule: "self > 100"}]}
                """);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        // 120^3 inner evaluations of ~10 each are far over 10^6; the rule stops and no further rule runs
        assertThat(errors(v, "{l: [" + items + "], m: 1}", null)).containsExactly(
                "l: Invalid value: \"array\": 'operation cancelled: actual cost limit exceeded': no further validation"
                        + " rules will be run due to call cost exceeds limit for rule:"
                        + " self.all(x, self.all(y, self.all(z, x + y + z >= 0)))");
    }

    @Test
    void theRootSeesApiVersionKindAndMetadataName() {
        CelValidator v = compile("""
                type: object
                properties: {spec: {type: object, properties: {x: {type: string}}}}
                x-kubernetes-validations: [{rule: "self.kind == 'Run' && self.metadata.name.startsWith('r-')", message: bad name}]
                """);
        assertThat(errors(v, "{apiVersion: v1, kind: Run, metadata: {name: r-1, labels: {a: b}}}", null)).isEmpty();
        assertThat(errors(v, "{apiVersion: v1, kind: Run, metadata: {name: x}}", null)).containsExactly("<nil>: Invalid value: bad name");
    }
}
