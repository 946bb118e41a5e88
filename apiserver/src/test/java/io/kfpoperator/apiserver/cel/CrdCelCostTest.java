package io.kfpoperator.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.apiserver.FieldError;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Would kube-apiserver accept our CRDs' rules by their estimated cost? Each rule must stay within
 * {@link CelValidator#STATIC_ESTIMATED_COST_LIMIT} (its per-call estimate times how often it can run per object) and
 * all rules of a CRD within {@link CelValidator#STATIC_ESTIMATED_CRD_COST_LIMIT}; otherwise creating the CRD fails with
 * the errors this test reports (bound the lists with maxItems, their strings with maxLength).
 */
class CrdCelCostTest {

    @ParameterizedTest
    @ValueSource(strings = {"providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs"})
    void everyRuleFitsKubeApiserversCostLimits(String plural) {
        String schemaPath = "spec.versions[0].schema.openAPIV3Schema";
        CelValidator validator = CelValidator.compile(Crds.schema(plural), schemaPath);
        List<RuleCost> costs = validator.estimatedCosts();
        long total = costs.stream().mapToLong(RuleCost::cost).reduce(0, (a, b) -> CostEstimator.addU(a, b));
        String table = costs.stream()
                .map(c -> String.format("  %,d = %,d per call x %,d  %s  %s", c.cost(), c.perCallCost(),
                        c.maxCardinality(), c.path(), c.expression()))
                .collect(Collectors.joining("\n", plural + ": estimated rule costs (total " + String.format("%,d", total)
                        + ", limit " + String.format("%,d", CelValidator.STATIC_ESTIMATED_CRD_COST_LIMIT) + ")\n", "\n"));
        System.out.print(table);

        List<FieldError> errors = validator.costErrors(schemaPath);
        assertThat(errors)
                .as("%s\nkube-apiserver would refuse the CRD %s.pipelines.kubeflow.org:\n%s", table, plural,
                        errors.stream().map(FieldError::toString).collect(Collectors.joining("\n")))
                .isEmpty();
    }
}
