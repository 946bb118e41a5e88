package io.kfpoperator.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.apiserver.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The static cost estimator against values derived by hand from kube-apiserver's published model. The facts used:
 * <ul>
 *   <li>a variable or field access costs 1, a literal 0, has() 0 (kube-apiserver's PresenceTestHasCost(false)),
 *       most calls 1 plus their arguments, {@code &&}/{@code ||}/{@code ?:} only their operands (the max of both
 *       branches for {@code ?:});</li>
 *   <li>{@code ==} costs ceil(0.1 * the smaller max size of its operands): strings by their max length, objects 0;</li>
 *   <li>a comprehension costs its range, init and result, plus (max size of the range) * (loop condition + step); the
 *       macros expand as in cel-go: {@code all} has condition {@code @not_strictly_false(accu)} (2) and step
 *       {@code accu && p} (1 + p), {@code exists_one} condition {@code true} (0), step
 *       {@code p ? accu + 1 : accu} (p + 2) and result {@code accu == 1} (2);</li>
 *   <li>a string's max size is 4 * maxLength (bytes per code point), else the longest enum value, else
 *       3 MiB - 2 (3145726); a list's is maxItems, else (3 MiB - 2) / (min serialized item size + 1), strings taking at
 *       least 2 bytes ({@code ""}), objects 2 plus, for each required property without default, its name length + its
 *       value's min size + 4;</li>
 *   <li>a rule's cost is that per-call cost times its node's cardinality: the product of maxItems/maxProperties above
 *       it, or, if one is missing, 3 MiB / (min serialized size of the node + 1); limits 10^7 per rule, 10^8 per CRD.</li>
 * </ul>
 */
class CostEstimatorTest {

    private static final String UNIQUE = "self.all(x, self.exists_one(y, x == y))";

    private static RuleCost only(String schemaYaml) {
        List<RuleCost> costs = CelValidator.compile(Crds.yaml(schemaYaml)).estimatedCosts();
        assertThat(costs).hasSize(1);
        return costs.get(0);
    }

    private static String listOfStrings(String listBounds, String stringBounds) {
        return """
                type: object
                properties:
                  names:
                    type: array
                    %s
                    items: {type: string %s}
                    x-kubernetes-validations: [{rule: "%s"}]
                """.formatted(listBounds, stringBounds, UNIQUE);
    }

    /** The unique rule over N items whose pairwise == costs c: 2 + N * (6 + N * (4 + c)). */
    private static long uniqueRuleCost(long n, long maxStringSize) {
        long eq = (long) Math.ceil(maxStringSize * 0.1);
        return 2 + n * (6 + n * (4 + eq));
    }

    @Test
    void theUniqueRuleOverAnUnboundedListOfStringsIsFarOverTheLimit() {
        RuleCost cost = only(listOfStrings("", ""));
        // N = (3145728 - 2) / (2 + 1) = 1048575 strings of up to 3145726 bytes: == costs ceil(314572.6) = 314573
        long expected = uniqueRuleCost(1_048_575, 3_145_726);
        assertThat(expected).isEqualTo(345_880_409_621_712_077L);
        assertThat(cost.perCallCost()).isEqualTo(expected);
        assertThat(cost.maxCardinality()).isEqualTo(1); // the list itself occurs once: its parents are objects
        assertThat(cost.cost()).isEqualTo(expected);
        assertThat(CelValidator.compile(Crds.yaml(listOfStrings("", ""))).costErrors())
                .extracting(FieldError::toString)
                .contains("openAPIV3Schema.properties[names].x-kubernetes-validations[0].rule: Forbidden: estimated rule"
                        + " cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems,"
                        + " maxProperties, and maxLength where arrays, maps, and strings are declared)");
    }

    @Test
    void withTenItemsOfTenCharactersItFits() {
        RuleCost cost = only(listOfStrings("maxItems: 10", ", maxLength: 10"));
        // N = 10, strings of up to 40 bytes: == costs 4, an inner step 8, exists_one 3 + 10*8 = 83,
        // all 2 + 10 * (3 + 1 + 2 + 80) = 862
        assertThat(uniqueRuleCost(10, 40)).isEqualTo(862);
        assertThat(cost.perCallCost()).isEqualTo(862);
        assertThat(cost.cost()).isEqualTo(862);
        assertThat(CelValidator.compile(Crds.yaml(listOfStrings("maxItems: 10", ", maxLength: 10"))).costErrors()).isEmpty();
    }

    @Test
    void boundingOnlyTheListLeavesTheStringsAtTheRequestSize() {
        // 10 strings of up to 3145726 bytes: 2 + 10 * (6 + 10 * (4 + 314573)) = 31457762, over the limit by 3.1x
        RuleCost cost = only(listOfStrings("maxItems: 10", ""));
        assertThat(cost.cost()).isEqualTo(uniqueRuleCost(10, 3_145_726)).isEqualTo(31_457_762);
        assertThat(CelValidator.compile(Crds.yaml(listOfStrings("maxItems: 10", ""))).costErrors())
                .extracting(FieldError::detail)
                .containsExactly("estimated rule cost exceeds budget by factor of 3.1x (try simplifying the rule, or adding"
                        + " maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)");
    }

    @Test
    void enumStringsAreAsLongAsTheLongestValue() {
        // items are "pipeline" or "runSpec": at most 8 bytes, so == costs ceil(0.8) = 1
        RuleCost cost = only(listOfStrings("maxItems: 100", ", enum: [pipeline, runSpec]"));
        assertThat(cost.cost()).isEqualTo(uniqueRuleCost(100, 8)).isEqualTo(50_602);
    }

    @Test
    void objectsCompareForFreeSoOnlyTheLoopsCost() {
        RuleCost cost = only("""
                type: object
                properties:
                  schedules:
                    type: array
                    maxItems: 10
                    items: {type: object, properties: {cron: {type: string}}}
                    x-kubernetes-validations: [{rule: "%s"}]
                """.formatted(UNIQUE));
        // == on objects: their DeclType has no size (0), so 0 + 2 for the two variables
        assertThat(cost.cost()).isEqualTo(uniqueRuleCost(10, 0)).isEqualTo(462);
    }

    @Test
    void aRuleUnderAnUnboundedListRunsForEveryItemThatFitsInARequest() {
        String schema = """
                type: object
                properties:
                  parameters:
                    type: array
                    %s
                    items:
                      type: object
                      required: [name]
                      properties: {name: {type: string}, value: {type: string}, valueFrom: {type: object, properties: {x: {type: string}}}}
                      x-kubernetes-validations: [{rule: "!(has(self.value) && has(self.valueFrom))"}]
                """;
        RuleCost unbounded = only(schema.formatted(""));
        // has(self.f) = 1 (self) + 0, && = 1 + 1, ! = 1 + 2 = 3
        assertThat(unbounded.perCallCost()).isEqualTo(3);
        // an item takes at least {"name":""}: 2 + 4 + 2 + 4 = 12 bytes, so 3145728 / 13 = 241979 fit
        assertThat(unbounded.maxCardinality()).isEqualTo(241_979);
        assertThat(unbounded.cost()).isEqualTo(725_937);
        RuleCost bounded = only(schema.formatted("maxItems: 50"));
        assertThat(bounded.maxCardinality()).isEqualTo(50);
        assertThat(bounded.cost()).isEqualTo(150);
    }

    @Test
    void cardinalitiesMultiplyThroughNestedBoundedLists() {
        RuleCost cost = only("""
                type: object
                properties:
                  outer:
                    type: array
                    maxItems: 5
                    items:
                      type: object
                      properties:
                        inner:
                          type: array
                          maxItems: 3
                          items: {type: string, maxLength: 8, x-kubernetes-validations: [{rule: "self != 'x'"}]}
                """);
        // self != 'x': 1 + 0 + ceil(0.1 * min(32, 1)) = 2, in 5 * 3 = 15 places
        assertThat(cost.perCallCost()).isEqualTo(2);
        assertThat(cost.maxCardinality()).isEqualTo(15);
        assertThat(cost.cost()).isEqualTo(30);
    }

    @Test
    void theTimestampRuleUnderAnUnboundedListIsJustOverTheLimit() {
        RuleCost cost = only("""
                type: object
                properties:
                  schedules:
                    type: array
                    items:
                      type: object
                      properties: {startTime: {type: string}, endTime: {type: string}}
                      x-kubernetes-validations:
                      - rule: "!has(self.startTime) || !has(self.endTime) || timestamp(self.endTime) > timestamp(self.startTime)"
                """);
        // !has() = 2 twice; timestamp(self.f) = 1 + (1 + 1) = 3 twice, > on timestamps 1: 2 + 2 + 7 = 11
        assertThat(cost.perCallCost()).isEqualTo(11);
        // an item takes at least {}: 3145728 / 3 = 1048576 of them fit
        assertThat(cost.maxCardinality()).isEqualTo(1_048_576);
        assertThat(cost.cost()).isEqualTo(11_534_336);
        assertThat(CelValidator.costErrorMessage("estimated rule cost", cost.cost(), CelValidator.STATIC_ESTIMATED_COST_LIMIT))
                .startsWith("estimated rule cost exceeds budget by factor of 1.153434x (");
    }

    @Test
    void stringFunctionsCostByTheirOperandsLengths() {
        String schema = """
                type: object
                properties:
                  s: {type: string, maxLength: 10, x-kubernetes-validations: [{rule: "%s"}]}
                """;
        // startsWith: a tenth of the prefix ('ab': ceil(0.2) = 1) + self 1
        assertThat(only(schema.formatted("self.startsWith('ab')")).cost()).isEqualTo(2);
        // matches: ceil((40 + 1) * 0.1) = 5 times ceil(8 * 0.25) = 2 for the 8-character regex, + self 1
        assertThat(only(schema.formatted("self.matches('^[a-z]+$')")).cost()).isEqualTo(11);
        // contains: ceil(40 * 0.1) = 4 times ceil(1 * 0.1) = 1, + self 1
        assertThat(only(schema.formatted("self.contains('x')")).cost()).isEqualTo(5);
        // lowerAscii (Kubernetes library): 40 * 0.1 = 4, + self 1; == then ceil(0.1 * min(40, 3)) = 1
        assertThat(only(schema.formatted("self.lowerAscii() == 'abc'")).cost()).isEqualTo(6);
        // size() is O(1): 1 + self 1, < on ints 1
        assertThat(only(schema.formatted("size(self) < 5")).cost()).isEqualTo(3);
    }

    @Test
    void theCrdTotalIsCheckedAgainstItsOwnLimit() {
        // 11 rules of 10^7 each: every rule fits, the total (1.1 * 10^8) does not
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            props.append("  l").append(i).append(": {type: array, maxItems: 10000000, items: {type: integer,"
                    + " x-kubernetes-validations: [{rule: 'self > 0'}]}}\n");
        }
        CelValidator v = CelValidator.compile(Crds.yaml("type: object\nproperties:\n" + props));
        // self > 0: 1 + 0 + 1 = 2 ... times 10^7 items is 2 * 10^7: each rule is over too; use the messages
        assertThat(v.estimatedCosts()).allSatisfy(c -> assertThat(c.cost()).isEqualTo(20_000_000));
        List<FieldError> errors = v.costErrors();
        assertThat(errors).filteredOn(e -> e.field().equals("openAPIV3Schema")).extracting(FieldError::detail)
                .containsExactly("x-kubernetes-validations estimated rule & messageExpression cost total for entire OpenAPIv3 schema exceeds"
                        + " budget by factor of 2.2x (try simplifying the rule, or adding maxItems, maxProperties, and"
                        + " maxLength where arrays, maps, and strings are declared)");
        // the four most expensive rules are named as contributing
        assertThat(errors).filteredOn(e -> e.detail().startsWith("contributed")).hasSize(4);
        assertThat(errors).filteredOn(e -> e.detail().startsWith("estimated rule cost")).hasSize(11);
    }
}
